//! `sleuth serve`: a web page and a JSON API over the same library as the CLI.
//!
//! The layer is thin: [`router`] is a plain function from the shared state to an axum `Router`
//! (tests call it with `tower::ServiceExt::oneshot`, no socket), handlers ([`api`]) parse, call
//! the library on tokio's blocking pool (tantivy searches synchronously) under a time limit, and
//! answer with the JSON structs the CLI prints. The page ([`page`]) is static files compiled into
//! the binary; it inserts document text only as text, and the Content-Security-Policy it is served
//! with forbids inline script, so a missed escape cannot run code. [`live`] swaps in each new
//! commit of the index. Nothing here writes to the index or the corpus.

pub mod api;
pub mod live;
pub mod page;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use api::ApiError;
use live::{Live, Snapshot};

/// What one request may ask for. Past a limit the server answers 400 (or 413 for the body, 503
/// for time) with a message saying which limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub body_bytes: usize,
    /// Longest query or citation, in characters.
    pub query_chars: usize,
    /// Longest quote, in characters.
    pub quote_chars: usize,
    /// Most hits per page.
    pub page: usize,
    /// Most hits skipped.
    pub offset: usize,
    /// Most passages of context on each side.
    pub context: usize,
    /// Most documents listed.
    pub documents: usize,
    /// Most inputs in a batch.
    pub batch: usize,
    /// Longest time a request may take, in milliseconds.
    pub time_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 2 << 20,
            query_chars: 1_000,
            quote_chars: 5_000,
            page: 100,
            offset: 10_000,
            context: 50,
            documents: 1_000,
            batch: 1_000,
            time_ms: 60_000,
        }
    }
}

/// The server's shared state: the live index and the limits.
pub struct App {
    /// The index, as of its latest commit.
    pub live: Live,
    /// What requests may ask for.
    pub limits: Limits,
    /// Whether requests must name this machine as their host (true when bound to loopback: a web
    /// page elsewhere cannot then reach the server by renaming itself, "DNS rebinding").
    pub local_only: bool,
}

impl App {
    /// Serves the index in `dir`.
    pub fn open(dir: &Path, limits: Limits) -> Result<App> {
        Ok(App {
            live: Live::open(dir)?,
            limits,
            local_only: true,
        })
    }

    /// Runs `job` on the current snapshot on the blocking pool, within the time limit.
    pub async fn run<T, F>(&self, job: F) -> std::result::Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Snapshot) -> Result<T> + Send + 'static,
    {
        let snapshot = self.live.current();
        let task = tokio::task::spawn_blocking(move || job(&snapshot));
        let limit = Duration::from_millis(self.limits.time_ms);
        match tokio::time::timeout(limit, task).await {
            Ok(Ok(answer)) => answer.map_err(ApiError::from),
            Ok(Err(join)) => Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the request failed: {join}"),
            )),
            Err(_) => Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the request took longer than this server allows ({} ms): narrow the query or send fewer inputs",
                    self.limits.time_ms
                ),
            )),
        }
    }
}

/// The routes: the page, its files, and the API.
pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/verify", post(api::verify))
        .route("/check", post(api::check))
        .route("/show", get(api::show))
        .route("/documents", get(api::documents))
        .route("/batch", post(api::batch))
        .route("/status", get(api::status))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found);
    Router::new()
        .nest("/api", api)
        .route("/original", get(api::original))
        .merge(page::routes())
        .layer(DefaultBodyLimit::max(app.limits.body_bytes))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// The Content-Security-Policy of every answer: scripts, styles and data from this server only,
/// no inline script, no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Refuses requests for another host name (when local only), and adds the security headers to
/// every answer.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if app.local_only {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok());
        if let Some(host) = host.filter(|h| !is_local_host(h)) {
            let refusal = ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("this server answers requests for localhost only, not for `{host}`"),
            );
            return with_security_headers(axum::response::IntoResponse::into_response(refusal));
        }
    }
    with_security_headers(next.run(request).await)
}

fn with_security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let pairs = [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ];
    for (name, value) in pairs {
        headers.insert(name, value);
    }
    response
}

/// Whether a `Host` header names this machine: localhost, 127.x.x.x or ::1, with any port.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen.
    pub bind: SocketAddr,
    /// What requests may ask for.
    pub limits: Limits,
    /// How often to look for a new commit of the index.
    pub reload_every: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            limits: Limits::default(),
            reload_every: Duration::from_millis(250),
        }
    }
}

/// Serves the index in `dir` until Ctrl-C. `ready` is told the address once the server listens
/// (the port is chosen by the system when `bind` has port 0).
pub fn serve(dir: &Path, options: &ServeOptions, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| Error::io(dir, err))?;
    let mut app = App::open(dir, options.limits.clone())?;
    app.local_only = options.bind.ip().is_loopback();
    let app = Arc::new(app);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|err| bind_error(options.bind, err))?;
        let address = listener
            .local_addr()
            .map_err(|err| bind_error(options.bind, err))?;
        tokio::spawn(watch(app.clone(), options.reload_every));
        ready(address);
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|err| bind_error(address, err))
    })
}

fn bind_error(address: SocketAddr, err: std::io::Error) -> Error {
    Error::io(Path::new(&address.to_string()), err)
}

/// Looks for a new commit every `every`, and swaps it in.
async fn watch(app: Arc<App>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let app = app.clone();
        // An error (an index being rebuilt) keeps the current snapshot; the next tick tries again.
        let _ = tokio::task::spawn_blocking(move || app.live.refresh()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::is_local_host;

    #[test]
    fn only_this_machine_counts_as_local() {
        for host in [
            "localhost",
            "localhost:7878",
            "127.0.0.1:80",
            "[::1]:7878",
            "LOCALHOST",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "evil.example:7878",
            "localhost.evil.example",
            "10.0.0.1:7878",
            "[::2]",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
