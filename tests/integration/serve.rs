//! `sleuth serve`: the API answers what the CLI prints, keeps to its limits and reads only indexed
//! files (router tests with `oneshot`, no socket); the real server starts, reloads while
//! `sleuth index` commits, and refuses oversized bodies (over a socket).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use tower::ServiceExt;

use sleuth::index::{sync, IndexOptions};
use sleuth::output::batch::JsonBatchRow;
use sleuth::output::json::JsonResults;
use sleuth::output::show::JsonShown;
use sleuth::output::verify::JsonVerification;
use sleuth::serve::{router, App, Limits, CONTENT_SECURITY_POLICY};

use crate::env::{seeds_dir, Env};

/// The script-injection payloads every view must show as text.
pub const SCRIPT_PAYLOAD: &str = "<script>alert(1)</script>";
/// The attribute-breaking payload.
pub const IMG_PAYLOAD: &str = "\"><img src=x onerror=alert(1)>";

/// A corpus file whose name, title, section and text carry the payloads.
pub fn write_injection_corpus(env: &Env) -> PathBuf {
    let text = format!(
        "# Payload {SCRIPT_PAYLOAD} title {IMG_PAYLOAD}\n\n\
         ## Section {IMG_PAYLOAD} heading\n\n\
         The payload paragraph holds {SCRIPT_PAYLOAD} and then {IMG_PAYLOAD} inside ordinary words.\n\n\
         A second payload paragraph repeats {SCRIPT_PAYLOAD} once more.\n"
    );
    env.write(&format!("corpus/{IMG_PAYLOAD}.md"), text.as_bytes())
}

/// A corpus: the seeds plus the injection file, in `corpus/` of a temporary directory.
pub fn corpus_env() -> Env {
    let env = Env::empty();
    for entry in std::fs::read_dir(seeds_dir()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        env.write(
            &format!("corpus/{name}"),
            &std::fs::read(entry.path()).unwrap(),
        );
    }
    write_injection_corpus(&env);
    env
}

/// The corpus indexed once (absolute paths, so that this process and the CLI, both run from the
/// repository, cite the same paths), and the app serving it.
fn served() -> &'static (Env, PathBuf, Arc<App>) {
    static SERVED: OnceLock<(Env, PathBuf, Arc<App>)> = OnceLock::new();
    SERVED.get_or_init(|| {
        let env = corpus_env();
        let index = env.path("index");
        let mut options = IndexOptions::new(&index);
        options.corpus = Some(vec![env.path("corpus")]);
        sync(&options).unwrap();
        let app = Arc::new(App::open(&index, Limits::default()).unwrap());
        (env, index, app)
    })
}

fn app_with(limits: Limits) -> Arc<App> {
    Arc::new(App::open(&served().1, limits).unwrap())
}

/// Runs `sleuth ARGS… --index INDEX` from the repository (the test's own directory).
fn cli(args: &[&str], stdin: &str) -> (i32, Vec<u8>) {
    let index = served().1.to_str().unwrap().to_string();
    let output = assert_cmd::Command::cargo_bin("sleuth")
        .unwrap()
        .args(args)
        .args(["--index", &index])
        .env("NO_COLOR", "1")
        .write_stdin(stdin)
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), output.stdout)
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!("not JSON ({err}): {}", String::from_utf8_lossy(&self.body))
        })
    }

    fn error(&self) -> String {
        self.json()["error"].as_str().unwrap().to_string()
    }
}

async fn request(app: Arc<App>, request: Request<Body>) -> Answer {
    let response = router(app).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(path: &str) -> Answer {
    get_from(served().2.clone(), path).await
}

async fn get_from(app: Arc<App>, path: &str) -> Answer {
    let req = Request::get(path)
        .header(header::HOST, "127.0.0.1:7878")
        .body(Body::empty())
        .unwrap();
    request(app, req).await
}

async fn post(path: &str, body: Value) -> Answer {
    post_to(served().2.clone(), path, body.to_string()).await
}

async fn post_to(app: Arc<App>, path: &str, body: String) -> Answer {
    let req = Request::post(path)
        .header(header::HOST, "localhost:7878")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    request(app, req).await
}

fn query(pairs: &[(&str, &str)]) -> String {
    let mut url = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(key);
        url.push('=');
        for byte in value.bytes() {
            if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
                url.push(byte as char);
            } else {
                url.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    url
}

#[tokio::test]
async fn search_answers_what_the_cli_prints() {
    for args in [
        &["arms imports from Israel"][..],
        &["--docs", "--limit", "3", "Israel"],
        &[
            "--group",
            "--context",
            "1",
            "--offset",
            "2",
            "\"arms imports\" OR drones",
        ],
    ] {
        let (code, stdout) = cli(&[&["search", "--json"][..], args].concat(), "");
        assert_eq!(code, 0, "{args:?}");
        let printed: JsonResults = serde_json::from_slice(&stdout).unwrap();
        let mut pairs = vec![("q", *args.last().unwrap())];
        let mut rest = args[..args.len() - 1].iter();
        while let Some(flag) = rest.next() {
            match *flag {
                "--docs" => pairs.push(("docs", "1")),
                "--group" => pairs.push(("group", "1")),
                other => pairs.push((other.trim_start_matches("--"), rest.next().unwrap())),
            }
        }
        let answer = get(&format!("/api/search{}", query(&pairs))).await;
        assert_eq!(answer.status, StatusCode::OK, "{args:?}");
        let served: JsonResults = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(served, printed, "{args:?}");
        assert!(!served.hits.is_empty());
    }
}

#[tokio::test]
async fn verify_answers_what_the_cli_prints_with_the_differences() {
    for quote in [
        "69% of Azerbaijan's arms imports came from Israel",
        "79% of Azerbaijan's arms imports came from Israel",
    ] {
        let (_, stdout) = cli(&["verify", "--json", quote], "");
        let printed: JsonVerification = serde_json::from_slice(&stdout).unwrap();
        let answer = post("/api/verify", json!({ "quote": quote })).await;
        assert_eq!(answer.status, StatusCode::OK);
        let served: JsonVerification = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(served, printed);
    }
    let close = post(
        "/api/verify",
        json!({"quote": "79% of Azerbaijan's arms imports came from Israel"}),
    )
    .await
    .json();
    assert_eq!(close["verdict"], "close");
    let diff = close["matches"][0]["diff"].as_array().unwrap();
    assert!(
        diff.iter()
            .any(|d| d["op"] == "changed" && d["quote"] == "79%" && d["source"] == "69%"),
        "{diff:?}"
    );
}

#[tokio::test]
async fn show_answers_what_the_cli_prints() {
    let hit = get("/api/search?q=drones&limit=1").await.json();
    let citation = hit["hits"][0]["citation"].as_str().unwrap().to_string();
    let (code, stdout) = cli(&["show", "--json", "--context", "2", &citation], "");
    assert_eq!(code, 0);
    let printed: JsonShown = serde_json::from_slice(&stdout).unwrap();
    let answer = get(&format!(
        "/api/show{}",
        query(&[("citation", &citation), ("context", "2")])
    ))
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let served: JsonShown = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(served, printed);
    assert!(served.passages.iter().any(|p| p.role == "cited"));
    assert!(served.passages.iter().any(|p| p.role == "context"));
}

#[tokio::test]
async fn no_parameter_reads_a_file_that_is_not_in_the_index() {
    let secret = served().0.write("secret.txt", b"the secret passphrase\n");
    let outside = [
        "/etc/passwd:1".to_string(),
        "/etc/passwd:1-3".to_string(),
        "../../../../etc/passwd:1".to_string(),
        format!("{}:1", secret.display()),
        format!("{}#x:1", secret.display()),
        "Cargo.toml:1".to_string(),
    ];
    for citation in outside {
        let answer = get(&format!("/api/show{}", query(&[("citation", &citation)]))).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{citation}");
        let text = String::from_utf8_lossy(&answer.body);
        assert!(
            !text.contains("root:") && !text.contains("passphrase"),
            "{text}"
        );
    }
    let unknown = get("/api/original?path=/etc/passwd").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.error().contains("no such API endpoint"));
    for doc in [
        "../../../../etc/passwd",
        "/etc/passwd",
        "secret.txt",
        "../secret.txt",
    ] {
        let answer = get(&format!("/original{}", query(&[("doc", doc)]))).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{doc}");
        assert!(answer.error().contains("is not in the index"), "{doc}");
    }
    let page = get("/../../etc/passwd").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_original_file_of_an_indexed_document_is_served_as_plain_text() {
    let name = format!("{IMG_PAYLOAD}.md");
    let answer = get(&format!("/original{}", query(&[("doc", &name)]))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    let file = std::fs::read(served().0.path(&format!("corpus/{name}"))).unwrap();
    assert_eq!(answer.body, file);
    let answer = get("/original?doc=").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

/// A corpus of a PDF, a Word file and a web page, indexed, and the app serving it.
fn served_documents() -> (Env, Arc<App>) {
    let env = Env::empty();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats");
    for name in ["latex.pdf", "report.docx", "article.html"] {
        env.write(
            &format!("corpus/{name}"),
            &std::fs::read(fixtures.join(name)).unwrap(),
        );
    }
    let index = env.path("index");
    let mut options = IndexOptions::new(&index);
    options.corpus = Some(vec![env.path("corpus")]);
    sync(&options).unwrap();
    let app = Arc::new(App::open(&index, Limits::default()).unwrap());
    (env, app)
}

#[tokio::test]
async fn a_pdf_hit_shows_its_page_and_its_original_opens_as_a_pdf() {
    let (env, app) = served_documents();
    // A paragraph that runs from one page onto the next: its hit names both pages.
    let answer = get_from(
        app.clone(),
        "/api/search?q=%22Road+deaths+remain%22&limit=1",
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let hits = answer.json();
    let hit = &hits["hits"][0];
    let (first, last) = (
        hit["page"]["first"].as_u64().unwrap(),
        hit["page"]["last"].as_u64().unwrap(),
    );
    assert!(first >= 2 && last == first + 1, "{hit}");
    // The document view's page text comes with `show`: the pages of the cited passage, whole,
    // with the cited lines, as `show --json` prints them.
    let citation = hit["citation"].as_str().unwrap();
    let answer = get_from(
        app.clone(),
        &format!("/api/show{}", query(&[("citation", citation)])),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let shown: JsonShown = serde_json::from_slice(&answer.body).unwrap();
    let pages: Vec<u64> = shown.pages.iter().map(|view| view.page).collect();
    assert_eq!(pages, vec![first, last]);
    assert!(shown.pages.iter().all(|view| !view.cited_lines.is_empty()));
    assert!(shown.pages[0].text.contains("Road deaths remain"));
    // The page links to the original at that page (`/original?doc=…#page=N`): the file itself,
    // served as a PDF so that the browser's viewer opens it.
    let answer = get_from(app.clone(), "/original?doc=latex.pdf").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        answer.body,
        std::fs::read(env.path("corpus/latex.pdf")).unwrap()
    );
    // A Word file is downloaded; a saved web page is shown as text, never run as a page here.
    let answer = get_from(app.clone(), "/original?doc=report.docx").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CONTENT_DISPOSITION], "attachment");
    let answer = get_from(app, "/original?doc=article.html").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert_eq!(
        answer.body,
        std::fs::read(env.path("corpus/article.html")).unwrap()
    );
}

#[tokio::test]
async fn bad_requests_get_a_json_error_naming_the_problem() {
    let cases = [
        ("/api/search", "the query is empty"),
        ("/api/search?q=", "the query is empty"),
        ("/api/search?q=x&limit=ten", "limit"),
        (
            "/api/search?q=x&limit=101",
            "limit is 101, more than this server allows (100)",
        ),
        ("/api/search?q=x&docs=maybe", "`maybe` is not a flag value"),
        ("/api/search?q=x&context=51", "context is 51"),
        ("/api/show?citation=nothing", "citation"),
    ];
    for (path, message) in cases {
        let answer = get(path).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            answer.error().contains(message),
            "{path}: {}",
            answer.error()
        );
    }
    let long = "word ".repeat(500);
    let answer = get(&format!("/api/search{}", query(&[("q", &long)]))).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.error().contains("2500 characters long"),
        "{}",
        answer.error()
    );
    let answer = post("/api/verify", json!({"quote": "x".repeat(10_001)})).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = post("/api/verify", json!({"text": "no quote field"})).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.error().contains("quote"), "{}", answer.error());
    let answer = post_to(served().2.clone(), "/api/verify", "{not json".into()).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let missing = get("/api/show?citation=corpus/none.txt:1").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.error().contains("not in the index"),
        "{}",
        missing.error()
    );
}

#[tokio::test]
async fn limits_on_body_size_batch_size_and_time_are_enforced() {
    let small = app_with(Limits {
        body_bytes: 1_000,
        batch: 2,
        ..Limits::default()
    });
    let big = json!({"quote": "x ".repeat(1_000)}).to_string();
    let answer = post_to(small.clone(), "/api/verify", big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error(), "the request body is too large");
    let batch = json!({"mode": "search", "inputs": ["a", "b", "c"]}).to_string();
    let answer = post_to(small, "/api/batch", batch).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.error().contains("number of inputs is 3"),
        "{}",
        answer.error()
    );
    let hurried = app_with(Limits {
        time_ms: 1,
        ..Limits::default()
    });
    // Fifty verifications take far longer than a millisecond.
    let quotes: Vec<String> = (0..50)
        .map(|i| format!("Israel supplied {i}% of Azerbaijan's arms imports"))
        .collect();
    let batch = json!({"mode": "verify", "inputs": quotes}).to_string();
    let answer = post_to(hurried, "/api/batch", batch).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(answer.error().contains("took longer"), "{}", answer.error());
}

#[tokio::test]
async fn batch_rows_match_the_cli_batch_as_json_and_csv() {
    let lines = "69% of Azerbaijan's arms imports came from Israel\n\nnothing like this quote at all xyzzy\n";
    let (code, stdout) = cli(&["verify", "--batch", "-", "--json"], lines);
    assert_eq!(code, 1, "one quote is absent");
    let printed: Vec<JsonBatchRow> = String::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(printed.len(), 2);
    assert_eq!((printed[0].line, printed[1].line), (1, 3));
    assert_eq!(printed[0].verdict, "verbatim");
    assert_eq!(printed[1].verdict, "absent");
    let answer = post(
        "/api/batch",
        json!({"mode": "verify", "text": lines, "limit": 10}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let rows: Vec<JsonBatchRow> = serde_json::from_value(answer.json()["rows"].clone()).unwrap();
    assert_eq!(rows, printed);

    let csv = "id,claim\n7,\"arms imports, Israel\"\n8,\"\"\"unclosed\n";
    let (_, printed) = cli(&["search", "--batch", "-", "--column", "claim"], csv);
    let answer = post(
        "/api/batch",
        json!({"mode": "search", "text": csv, "column": "claim", "format": "csv", "limit": 10}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        String::from_utf8(answer.body).unwrap(),
        String::from_utf8(printed).unwrap()
    );
}

#[tokio::test]
async fn status_and_documents_describe_the_index() {
    let status = get("/api/status").await.json();
    assert_eq!(status["documents"], 6);
    let passages = status["passages"].as_u64().unwrap();
    let corpus = served().0.path("corpus");
    assert_eq!(status["corpus"], json!([corpus.to_str().unwrap()]));
    assert!(status["updated"].as_u64().unwrap() > 1_600_000_000);
    let all = get("/api/documents?limit=1000").await.json();
    assert_eq!(all["total"], 6);
    let counted: u64 = all["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["passages"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, passages);
    // The counts of a query's documents add up to its hits, and each narrows to its count.
    let results = get("/api/search?q=israel").await.json();
    let documents = get("/api/documents?q=israel").await.json();
    let list = documents["documents"].as_array().unwrap();
    let sum: u64 = list.iter().map(|d| d["passages"].as_u64().unwrap()).sum();
    assert_eq!(sum, results["total"].as_u64().unwrap());
    let first = &list[0];
    let narrowed = format!("+(israel) doc:\"{}\"", first["doc_id"].as_str().unwrap());
    let only = get(&format!("/api/search{}", query(&[("q", &narrowed)])))
        .await
        .json();
    assert_eq!(only["total"], first["passages"]);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_the_page_has_no_inline_script() {
    for path in [
        "/",
        "/app.js",
        "/app.css",
        "/api/status",
        "/api/nothing",
        "/nothing",
    ] {
        let answer = get(path).await;
        assert_eq!(
            answer.headers[header::CONTENT_SECURITY_POLICY],
            CONTENT_SECURITY_POLICY,
            "{path}"
        );
        assert_eq!(answer.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self'"));
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
    let page = String::from_utf8(get("/").await.body).unwrap();
    let scripts: Vec<&str> = page
        .match_indices("<script")
        .map(|(i, _)| &page[i..])
        .collect();
    assert_eq!(scripts.len(), 1);
    assert!(scripts[0].starts_with("<script src=\"/app.js\" defer></script>"));
    let handlers = page.split(' ').filter(|word| {
        word.starts_with("on")
            && word
                .split('=')
                .next()
                .is_some_and(|name| name.len() > 2 && name.chars().all(|c| c.is_ascii_lowercase()))
            && word.contains('=')
    });
    assert_eq!(handlers.count(), 0, "inline event handlers in the page");
    let script = String::from_utf8(get("/app.js").await.body).unwrap();
    assert!(!script.contains("innerHTML") && !script.contains("insertAdjacentHTML"));
    let openapi = get("/api/openapi.json").await.json();
    for path in [
        "/api/search",
        "/api/verify",
        "/api/show",
        "/api/batch",
        "/api/status",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path}");
    }
}

#[tokio::test]
async fn requests_naming_another_host_are_refused_on_loopback() {
    let req = Request::get("/api/status")
        .header(header::HOST, "attacker.example:7878")
        .body(Body::empty())
        .unwrap();
    let answer = request(served().2.clone(), req).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.error().contains("localhost only"));
}

// ---- over a real socket -------------------------------------------------------------------------

/// A `sleuth serve` process, stopped when dropped.
pub struct Server {
    child: Child,
    pub address: SocketAddr,
}

impl Server {
    /// Starts `sleuth serve --bind 127.0.0.1:0 ARGS…` in `env` and waits for its address.
    pub fn start(env: &Env, args: &[&str]) -> Server {
        let mut child = env
            .sleuth_process()
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, address }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange: (status, body).
fn http(address: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // A server refusing a large body may close before reading all of it.
    let _ = stream.write_all(body);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_server_builds_the_default_index_then_serves_on_loopback() {
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    assert!(server.address.ip().is_loopback());
    assert!(env.path("index/meta.json").is_file());
    let (status, body) = http(server.address, "GET", "/api/status", b"");
    assert_eq!(status, 200, "{body}");
    let status: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(status["documents"], 5);
    assert_eq!(status["corpus"], json!(["seeds"]));
    let (status, page) = http(server.address, "GET", "/", b"");
    assert_eq!(status, 200);
    assert!(page.contains("<title>sleuth</title>"));
}

#[test]
fn binding_beyond_loopback_warns_that_the_corpus_becomes_readable() {
    let env = Env::with_seeds();
    let mut child = env
        .sleuth_process()
        .args(["serve", "--bind", "0.0.0.0:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(line.contains("serving"), "{line}");
    assert!(
        stderr.contains("warning: listening on 0.0.0.0:0: anyone who can reach this machine on the network can read the corpus"),
        "{stderr}"
    );
}

#[test]
fn an_oversized_body_gets_413_over_the_socket() {
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    let body = json!({"quote": "word ".repeat(600_000)}).to_string();
    let (status, answer) = http(server.address, "POST", "/api/verify", body.as_bytes());
    assert_eq!(status, 413, "{answer}");
    assert!(
        answer.contains("\"error\":\"the request body is too large\""),
        "{answer}"
    );
    // The server carries on.
    let (status, _) = http(server.address, "GET", "/api/search?q=israel", b"");
    assert_eq!(status, 200);
}

#[test]
fn the_server_answers_from_each_new_commit_and_never_fails_during_the_swap() {
    let env = Env::with_seeds();
    let server = Server::start(&env, &[]);
    let address = server.address;
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..3)
        .map(|_| {
            let (stop, answered) = (stop.clone(), answered.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let (status, body) = http(address, "GET", "/api/search?q=israel", b"");
                    assert_eq!(status, 200, "a request failed during reloading: {body}");
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let find = |word: &str| -> u64 {
        let (status, body) = http(address, "GET", &format!("/api/search?q={word}"), b"");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<Value>(&body).unwrap()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(find("quokkaplenty"), 0);
    for round in 0..3 {
        let word = ["quokkaplenty", "wombatrich", "numbatpoor"][round];
        env.write(
            &format!("seeds/new{round}.txt"),
            format!("New {round}\n\nThe {word} passage.\n").as_bytes(),
        );
        let (code, _, stderr) = env.index(&[]);
        assert_eq!(code, 0, "{stderr}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while find(word) == 0 {
            assert!(Instant::now() < deadline, "round {round}: never reloaded");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    // A rebuild replaces every segment: the server follows it too.
    std::fs::remove_file(env.path("seeds/new0.txt")).unwrap();
    let (code, _, stderr) = env.index(&["--rebuild"]);
    assert_eq!(code, 0, "{stderr}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while find("quokkaplenty") != 0 {
        assert!(
            Instant::now() < deadline,
            "never reloaded after the rebuild"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("a client saw a failed request");
    }
    assert!(answered.load(Ordering::Relaxed) > 0);
}

mod check;
