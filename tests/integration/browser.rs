//! The page in a real browser: headless Chromium driven through chromedriver (`fantoccini`).
//!
//! Each test starts `sleuth serve` on the seeds plus a script-injection file, its own chromedriver
//! on a free loopback port, and a browser with a fresh profile. The tests need Debian's
//! `chromium` and `chromium-driver` and fail when they are missing (set
//! `SLEUTH_SKIP_BROWSER_TESTS=1` to skip them on a machine without a browser). With
//! `SLEUTH_SCREENSHOTS=1` they also save the screenshots in `docs/screenshots/`.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::env::Env;
use crate::serve::{corpus_env, Server, IMG_PAYLOAD, SCRIPT_PAYLOAD};

const CHROMIUM: &str = "/usr/bin/chromium";

/// chromedriver and the browser it started, stopped together when dropped.
struct Browser {
    driver: Child,
    client: Option<Client>,
    _profile: tempfile::TempDir,
    downloads: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The driver leads its own process group, which holds the browser too: stop them all.
        // The `--` matters: procps' `kill -KILL -PGID` sends the signal to every process (-1).
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn find_program(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// A fresh headless browser, or None when there is none and skipping was asked for.
    async fn start() -> Option<Browser> {
        let chromium = std::env::var("CHROME").unwrap_or_else(|_| CHROMIUM.to_string());
        let driver = find_program("chromedriver");
        let (Some(driver), true) = (driver, Path::new(&chromium).is_file()) else {
            if std::env::var_os("SLEUTH_SKIP_BROWSER_TESTS").is_some() {
                eprintln!("skipping a browser test: no chromium/chromedriver");
                return None;
            }
            panic!(
                "the browser tests need Chromium and chromedriver: `apt-get install chromium chromium-driver` \
                 (or set SLEUTH_SKIP_BROWSER_TESTS=1 to skip them)"
            );
        };
        let port = free_port();
        let child = {
            use std::os::unix::process::CommandExt;
            Command::new(driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("chromedriver starts")
        };
        let profile = tempfile::tempdir().unwrap();
        let downloads = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver: child,
            client: None,
            _profile: profile,
            downloads,
        };
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(address).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--window-size=1100,900",
                    format!("--user-data-dir={}", browser._profile.path().display()),
                ],
                "prefs": {
                    "download.default_directory": browser.downloads.path().to_str().unwrap(),
                    "download.prompt_for_download": false,
                },
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{address}"))
            .await
            .expect("a browser session");
        browser.client = Some(client);
        Some(browser)
    }

    fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }
}

/// A served corpus and a browser pointed at it.
struct Session {
    browser: Browser,
    server: Server,
    _env: Env,
}

impl Session {
    async fn start() -> Option<Session> {
        Session::serving(corpus_env()).await
    }

    /// A browser and a server over `env`'s `corpus/`.
    async fn serving(env: Env) -> Option<Session> {
        let browser = Browser::start().await?;
        let server = Server::start(&env, &["--corpus", "corpus"]);
        Some(Session {
            browser,
            server,
            _env: env,
        })
    }

    fn c(&self) -> &Client {
        self.browser.client()
    }

    async fn open(&self, path: &str) {
        self.c().goto(&self.server.url(path)).await.unwrap();
    }

    async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.c()
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("no `{css}` on the page: {err}"))
    }

    async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.c().find_all(Locator::Css(css)).await.unwrap() {
            texts.push(element.text().await.unwrap());
        }
        texts
    }

    /// Clicks the first element matching `css`.
    async fn click(&self, css: &str) {
        self.c()
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap()
    }

    async fn js(&self, script: &str) -> Value {
        self.c().execute(script, Vec::new()).await.unwrap()
    }

    /// Waits until `script` returns true.
    async fn until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.js(script).await != json!(true) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn url(&self) -> String {
        self.c().current_url().await.unwrap().to_string()
    }

    /// No dialog opened (an injected `alert(1)` would have opened one).
    async fn assert_no_alert(&self) {
        assert!(
            self.c().get_alert_text().await.is_err(),
            "a script from the corpus ran"
        );
    }

    async fn screenshot(&self, name: &str) {
        let png = self.c().screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
        if std::env::var_os("SLEUTH_SCREENSHOTS").is_some() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        }
    }

    /// The text of a file the browser downloaded, once it is complete.
    async fn downloaded(&self, name: &str) -> String {
        let file = self.browser.downloads.path().join(name);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // Chromium writes into a `.crdownload` file and renames it when done.
            if file.is_file() {
                return std::fs::read_to_string(&file).unwrap();
            }
            assert!(Instant::now() < deadline, "{name} was not downloaded");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The paragraph number of the passage the document view is at.
    /// Where the current passage starts in its document (titles and headings share paragraph 0).
    async fn current_start(&self) -> u64 {
        self.js("return Number(document.getElementById('current').dataset.start)")
            .await
            .as_u64()
            .unwrap()
    }

    async fn close(self) {
        self.browser.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_search_marks_hits_narrows_by_document_and_keeps_history() {
    let Some(s) = Session::start().await else {
        return;
    };
    s.open("/").await;
    // `/` focuses the search box.
    s.wait_for("#q").await;
    s.c()
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    assert_eq!(s.js("return document.activeElement.id").await, json!("q"));
    s.c()
        .active_element()
        .await
        .unwrap()
        .send_keys("arms imports\u{E007}")
        .await
        .unwrap();
    s.wait_for("#hits mark").await;
    assert!(
        s.url().await.contains("q=arms+imports"),
        "{}",
        s.url().await
    );
    let marks = s.texts("#hits mark").await;
    assert!(
        marks.iter().all(|m| {
            let m = m.to_lowercase();
            m.starts_with("arm") || m.starts_with("import")
        }),
        "{marks:?}"
    );
    let summary = s.text("#summary").await;
    assert!(summary.starts_with("passages 1–"), "{summary}");
    let total: usize = summary.rsplit(' ').next().unwrap().parse().unwrap();
    let first = s.texts(".hit h3").await[0].clone();
    assert!(
        first.starts_with("1. ") && first.contains("score"),
        "{first}"
    );
    assert!(!s.texts(".hit .cite").await[0].is_empty());
    s.screenshot("search").await;

    // The documents list adds up to the hits; ticking one narrows to its count.
    let counts = s.texts("#documents .count").await;
    let counted: usize = counts.iter().map(|c| c.parse::<usize>().unwrap()).sum();
    assert_eq!(counted, total);
    s.click("#documents input").await;
    let narrowed = format!("of {}", counts[0]);
    s.until(
        "the narrowed results",
        &format!("return document.getElementById('summary').textContent.endsWith({narrowed:?})"),
    )
    .await;
    assert!(s.url().await.contains("doc="));
    // Back returns to all documents; forward to the narrowed ones.
    s.c().back().await.unwrap();
    s.until(
        "the results before narrowing",
        &format!("return document.getElementById('summary').textContent.endsWith('of {total}')"),
    )
    .await;
    s.c().forward().await.unwrap();
    s.until(
        "the narrowed results again",
        &format!("return document.getElementById('summary').textContent.endsWith({narrowed:?})"),
    )
    .await;
    // The next page, and the export of what is shown.
    s.open("/?view=search&q=israel").await;
    s.wait_for("#hits mark").await;
    s.click("#next-page").await;
    s.until(
        "page 2",
        "return document.getElementById('summary').textContent.startsWith('passages 11–')",
    )
    .await;
    assert!(s.url().await.contains("page=2"));
    s.click("#export-csv").await;
    let csv = s.downloaded("sleuth-results.csv").await;
    assert!(
        csv.starts_with("rank,citation,title,section,score,text\r\n11,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 11);
    s.click("#export-md").await;
    let markdown = s.downloaded("sleuth-results.md").await;
    assert!(markdown.starts_with("# sleuth: israel\n"), "{markdown}");
    assert!(markdown.contains("\n11. **"), "{markdown}");
    // Recent searches are offered on the empty page.
    s.open("/").await;
    let recent = s.texts("#recent-items a").await;
    assert_eq!(recent, ["israel", "arms imports"]);
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_document_view_marks_the_hit_and_steps_to_the_next() {
    let Some(s) = Session::start().await else {
        return;
    };
    s.open("/?view=search&q=israel&doc=001_5c75391b8c8e4d84.txt")
        .await;
    s.wait_for("#hits mark").await;
    s.click(".open-hit").await;
    s.wait_for("#current mark").await;
    assert!(s.url().await.contains("view=doc"));
    let position = s.text("#hit-position").await;
    assert!(
        position.starts_with("hit ") && position.ends_with(" in this document"),
        "{position}"
    );
    let citation = s.text("#doc-citation").await;
    assert!(
        citation.starts_with("corpus/001_5c75391b8c8e4d84.txt:"),
        "{citation}"
    );
    // The passage is shown amid its neighbours, and scrolled into view.
    assert!(s.texts(".passage.context").await.len() >= 3);
    let visible = s
        .js("const r = document.getElementById('current').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight")
        .await;
    assert_eq!(visible, json!(true));
    s.screenshot("document").await;
    // Step to the first hit in reading order, then to the next one.
    while s
        .js("return !document.getElementById('prev-hit').disabled")
        .await
        == json!(true)
    {
        let before = s.text("#doc-citation").await;
        s.click("#prev-hit").await;
        s.until(
            "the previous hit",
            &format!("return document.getElementById('doc-citation').textContent !== {before:?}"),
        )
        .await;
    }
    assert!(s.text("#hit-position").await.starts_with("hit 1 of "));
    let first = s.current_start().await;
    s.click("#next-hit").await;
    s.until(
        "the next hit",
        "return document.getElementById('hit-position').textContent.startsWith('hit 2 of ')",
    )
    .await;
    s.wait_for("#current mark").await;
    assert!(s.current_start().await > first);
    // Back returns to the first hit.
    s.c().back().await.unwrap();
    s.until(
        "the first hit again",
        "return document.getElementById('hit-position').textContent.startsWith('hit 1 of ')",
    )
    .await;
    s.click("#copy-citation").await;
    s.until(
        "the copy answer",
        "return document.getElementById('copied').textContent.length > 0",
    )
    .await;
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_document_view_of_a_pdf_links_to_the_original_at_the_page() {
    let env = Env::empty();
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/formats/latex.pdf");
    env.write("corpus/latex.pdf", &std::fs::read(pdf).unwrap());
    let Some(s) = Session::serving(env).await else {
        return;
    };
    s.open("/?view=search&q=%22Road+deaths+remain%22").await;
    s.wait_for("#hits mark").await;
    let citation = s.text("#hits .cite code").await;
    assert!(citation.contains("latex.pdf, page "), "{citation}");
    s.click(".open-hit").await;
    s.wait_for("#current mark").await;
    // The citation names the page, and the link opens the served PDF at that page.
    // (The PDF numbers its pages from its second one: the viewer counts from the first.)
    let href = s
        .js("return document.getElementById('open-original').getAttribute('href')")
        .await;
    let href = href.as_str().unwrap().to_string();
    let number: u64 = href.rsplit_once("#page=").unwrap().1.parse().unwrap();
    assert!(href.starts_with("/original?doc=latex.pdf#page="), "{href}");
    let cited = s.text("#doc-citation").await;
    assert!(
        cited.contains(&format!("(PDF page {number})")),
        "{cited}: {href}"
    );
    assert_eq!(
        s.text("#open-original").await,
        format!("Open the original at page {number}")
    );
    let served = s
        .c()
        .execute_async(
            "const done = arguments[0]; fetch(document.getElementById('open-original').href)\
             .then(r => done(r.headers.get('content-type')))",
            Vec::new(),
        )
        .await
        .unwrap();
    assert_eq!(served, json!("application/pdf"));
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_verify_marks_the_difference() {
    let Some(s) = Session::start().await else {
        return;
    };
    s.open("/?view=verify").await;
    let quote = s.wait_for("#quote").await;
    quote
        .send_keys("79% of Azerbaijan's arms imports came from Israel")
        .await
        .unwrap();
    s.click("#verify-form button").await;
    s.wait_for(".verdict.close").await;
    assert!(s.text("#verdict").await.starts_with("CLOSE"));
    assert_eq!(s.texts(".place .diff del").await, ["69%"]);
    assert_eq!(s.texts(".place .diff ins").await, ["79%"]);
    assert!(!s.texts(".place mark").await.is_empty());
    assert!(s.url().await.contains("view=verify&quote=79%25"));
    s.screenshot("verify").await;
    s.open("/?view=verify&quote=69%25+of+Azerbaijan%27s+arms+imports+came+from+Israel")
        .await;
    s.wait_for(".verdict.verbatim").await;
    let marked = s.texts(".place mark").await;
    assert_eq!(
        marked,
        ["69% of Azerbaijan's arms imports came from Israel"]
    );
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_batch_runs_a_csv_column_and_downloads_the_table() {
    let Some(s) = Session::start().await else {
        return;
    };
    s.open("/?view=batch").await;
    let text = s.wait_for("#batch-text").await;
    let csv = "id,claim\n1,69% of Azerbaijan's arms imports came from Israel\n2,the moon is made of cheese entirely\n";
    text.send_keys(csv).await.unwrap();
    s.wait_for("#batch-column option[value=claim]").await;
    s.c()
        .find(Locator::Css("#batch-column"))
        .await
        .unwrap()
        .select_by_value("claim")
        .await
        .unwrap();
    s.click("#batch-form button[type=submit]").await;
    s.wait_for("#batch-rows tr").await;
    assert_eq!(
        s.texts("#batch-rows .verdict-cell").await,
        ["verbatim", "absent"]
    );
    assert_eq!(
        s.text("#batch-summary").await,
        "2 inputs: 1 verbatim, 1 absent"
    );
    s.screenshot("batch").await;
    s.wait_for("#batch-download").await.click().await.unwrap();
    let csv = s.downloaded("sleuth-batch.csv").await;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("line,input,verdict,count,citation,title,score,text,citations,error")
    );
    assert!(lines.next().unwrap().starts_with("2,69% of Azerbaijan's arms imports came from Israel,verbatim,1,\"corpus/001_5c75391b8c8e4d84.txt:"), "{csv}");
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("3,the moon is made of cheese entirely,absent,0,\"corpus/"),
        "{csv}"
    );
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_shows_script_injection_as_text_in_every_view() {
    let Some(s) = Session::start().await else {
        return;
    };
    // A page's own elements: one script (app.js), no images.
    let only_the_page = "return document.scripts.length === 1 && document.images.length === 0";
    s.open("/?view=search&q=payload").await;
    s.wait_for("#hits mark").await;
    s.assert_no_alert().await;
    assert_eq!(s.js(only_the_page).await, json!(true));
    let hits = s.text("#hits").await;
    assert!(
        hits.contains(SCRIPT_PAYLOAD) || hits.contains(IMG_PAYLOAD),
        "{hits}"
    );
    let heading = &s.texts(".hit h3").await[0];
    assert!(heading.contains(IMG_PAYLOAD), "{heading}");
    assert!(s.text("#documents").await.contains(IMG_PAYLOAD));
    let cite = &s.texts(".hit .cite").await[0];
    assert!(cite.contains(&format!("corpus/{IMG_PAYLOAD}.md")), "{cite}");
    // The document view, reached by clicking.
    s.click(".open-hit").await;
    s.wait_for("#current").await;
    s.assert_no_alert().await;
    assert_eq!(s.js(only_the_page).await, json!(true));
    let document = s.text("#doc-text").await;
    assert!(
        document.contains(&format!(
            "holds {SCRIPT_PAYLOAD} and then {IMG_PAYLOAD} inside"
        )),
        "{document}"
    );
    assert!(s.text("#doc-title").await.contains(IMG_PAYLOAD));
    // Verify and batch views.
    let quote = format!("The payload paragraph holds {SCRIPT_PAYLOAD} and then {IMG_PAYLOAD}");
    let url = format!(
        "/?view=verify&quote={}",
        quote
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    s.open(&url).await;
    s.wait_for(".verdict.verbatim").await;
    s.assert_no_alert().await;
    assert_eq!(s.js(only_the_page).await, json!(true));
    assert!(s.text(".place mark").await.contains(SCRIPT_PAYLOAD));
    s.open("/?view=batch").await;
    s.wait_for("#batch-text")
        .await
        .send_keys(&quote)
        .await
        .unwrap();
    s.click("#batch-form button[type=submit]").await;
    s.wait_for("#batch-rows tr").await;
    s.assert_no_alert().await;
    assert_eq!(s.js(only_the_page).await, json!(true));
    assert!(s.text("#batch-rows").await.contains(IMG_PAYLOAD));
    // The payload typed as a query shows as text too, in the box and the title.
    s.open(&format!(
        "/?view=search&q={}",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    ))
    .await;
    s.wait_for("#summary").await;
    s.assert_no_alert().await;
    assert_eq!(s.js(only_the_page).await, json!(true));
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_page_fits_a_phone_screen() {
    let Some(s) = Session::start().await else {
        return;
    };
    s.c().set_window_size(390, 844).await.unwrap();
    for path in [
        "/?view=search&q=arms+imports",
        "/?view=verify&quote=79%25+of+Azerbaijan%27s+arms+imports+came+from+Israel",
    ] {
        s.open(path).await;
        s.wait_for("main mark").await;
        let fits = s
            .js("return document.documentElement.scrollWidth <= window.innerWidth")
            .await;
        assert_eq!(fits, json!(true), "{path} is wider than the screen");
    }
    s.screenshot("phone").await;
    s.close().await;
}

mod check;
