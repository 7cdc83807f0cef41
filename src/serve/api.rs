//! The JSON API: each handler checks its input against the limits, runs the library on a blocking
//! thread, and answers with the same JSON structs the CLI prints.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::live::Snapshot;
use super::App;
use crate::batch::{self, BatchInput, BatchMode, BatchOptions};
use crate::check::{self, CheckOptions};
use crate::error::Error;
use crate::ingest::corpus::display_path;
use crate::output::batch::{print_csv, JsonBatchRow};
use crate::output::check::JsonCheck;
use crate::output::json::JsonResults;
use crate::output::show::JsonShown;
use crate::output::verify::JsonVerification;
use crate::output::HitLayout;
use crate::results::citation::Locator;
use crate::results::locate;
use crate::results::search::{self, SearchOptions};
use crate::verify::{self, VerifyOptions};

/// An error answer: a status and `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

/// The body of every error answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonError {
    /// What went wrong and what to do.
    pub error: String,
}

impl ApiError {
    /// A 400: the request is at fault.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// An answer with `status`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(JsonError {
            error: self.message,
        });
        (self.status, body).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> ApiError {
        let status = match &err {
            Error::Query(_) => StatusCode::BAD_REQUEST,
            Error::Citation(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, err.to_string())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::bad_request(rejection.body_text())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let message = match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large".to_string(),
            _ => rejection.body_text(),
        };
        ApiError::new(rejection.status(), message)
    }
}

type Answer<T> = Result<T, ApiError>;

/// Reads a flag the way a form or a hand-typed URL sends it.
fn flag(value: &Option<String>) -> Answer<bool> {
    match value.as_deref() {
        None | Some("" | "0" | "false" | "no" | "off") => Ok(false),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some(other) => Err(ApiError::bad_request(format!(
            "`{other}` is not a flag value: use 1 or 0"
        ))),
    }
}

fn at_most(name: &str, value: usize, limit: usize) -> Answer<usize> {
    if value > limit {
        return Err(ApiError::bad_request(format!(
            "{name} is {value}, more than this server allows ({limit})"
        )));
    }
    Ok(value)
}

fn text_within(name: &str, text: &str, limit: usize) -> Answer<()> {
    let chars = text.chars().count();
    if chars > limit {
        return Err(ApiError::bad_request(format!(
            "the {name} is {chars} characters long, more than this server allows ({limit})"
        )));
    }
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(format!("the {name} is empty")));
    }
    Ok(())
}

/// `GET /api/search` parameters: the CLI's options.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    docs: Option<String>,
    group: Option<String>,
    literal: Option<String>,
    context: Option<usize>,
}

/// `GET /api/search`: what `sleuth search --json` prints.
pub async fn search(
    State(app): State<Arc<App>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Answer<Json<JsonResults>> {
    let Query(params) = params?;
    let limits = &app.limits;
    let query = params.q.unwrap_or_default();
    text_within("query", &query, limits.query_chars)?;
    let options = SearchOptions {
        limit: at_most("limit", params.limit.unwrap_or(10), limits.page)?,
        offset: at_most("offset", params.offset.unwrap_or(0), limits.offset)?,
        documents: flag(&params.docs)?,
        literal: flag(&params.literal)?,
    };
    let group = flag(&params.group)?;
    let context = at_most("context", params.context.unwrap_or(0), limits.context)?;
    let json = app
        .run(move |snapshot| {
            let engine = &snapshot.engine;
            let results = search::search(engine, &query, &options)?;
            let context = if context > 0 {
                let passages: Vec<_> = results.hits.iter().map(|hit| &hit.passage).collect();
                locate::neighbours(engine, &passages, context)?
            } else {
                Vec::new()
            };
            let around = HitLayout {
                context: &context,
                group,
            };
            Ok(JsonResults::around(&results, around))
        })
        .await?;
    Ok(Json(json))
}

/// `POST /api/verify` body.
#[derive(Debug, Deserialize)]
pub struct VerifyRequest {
    quote: String,
    limit: Option<usize>,
}

/// `POST /api/verify`: what `sleuth verify --json` prints.
pub async fn verify(
    State(app): State<Arc<App>>,
    body: Result<Json<VerifyRequest>, JsonRejection>,
) -> Answer<Json<JsonVerification>> {
    let Json(request) = body?;
    text_within("quote", &request.quote, app.limits.quote_chars)?;
    let defaults = VerifyOptions::default();
    let options = VerifyOptions {
        limit: at_most("limit", request.limit.unwrap_or(defaults.limit), 1000)?,
        ..defaults
    };
    let json = app
        .run(move |snapshot| {
            let verification = verify::verify(&snapshot.engine, &request.quote, &options)?;
            Ok(JsonVerification::from(&verification))
        })
        .await?;
    Ok(Json(json))
}

/// `POST /api/check` body.
#[derive(Debug, Deserialize)]
pub struct CheckRequest {
    claim: String,
    limit: Option<usize>,
}

/// `POST /api/check`: what `sleuth check --json` prints.
pub async fn check(
    State(app): State<Arc<App>>,
    body: Result<Json<CheckRequest>, JsonRejection>,
) -> Answer<Json<JsonCheck>> {
    let Json(request) = body?;
    text_within("claim", &request.claim, app.limits.quote_chars)?;
    let defaults = CheckOptions::default();
    let options = CheckOptions {
        sources: at_most(
            "limit",
            request.limit.unwrap_or(defaults.sources),
            app.limits.page,
        )?,
        ..defaults
    };
    let json = app
        .run(move |snapshot| {
            let checked = check::check(&snapshot.engine, &request.claim, &options)?;
            Ok(JsonCheck::from(&checked))
        })
        .await?;
    Ok(Json(json))
}

/// `GET /api/show` parameters.
#[derive(Debug, Deserialize)]
pub struct ShowParams {
    citation: Option<String>,
    context: Option<usize>,
}

/// `GET /api/show`: what `sleuth show --json` prints. The citation is looked up in the index, so
/// only an indexed document's file is ever read.
pub async fn show(
    State(app): State<Arc<App>>,
    params: Result<Query<ShowParams>, QueryRejection>,
) -> Answer<Json<JsonShown>> {
    let Query(params) = params?;
    let citation = params.citation.unwrap_or_default();
    text_within("citation", &citation, app.limits.query_chars)?;
    let context = at_most("context", params.context.unwrap_or(0), app.limits.context)?;
    let locator =
        Locator::parse(&citation).map_err(|err| ApiError::bad_request(err.to_string()))?;
    let json = app
        .run(move |snapshot| {
            let (shown, pages) = locate::show_with_pages(&snapshot.engine, &locator, context)?;
            Ok(JsonShown::new(&citation, &shown, &pages))
        })
        .await?;
    Ok(Json(json))
}

/// `GET /api/documents` parameters.
#[derive(Debug, Deserialize)]
pub struct DocumentsParams {
    q: Option<String>,
    literal: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/documents` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonDocuments {
    /// The query, if one was given.
    pub query: Option<String>,
    /// Documents with a matching passage (all documents without a query).
    pub total: usize,
    /// The documents, most matching passages first.
    pub documents: Vec<JsonDocumentTally>,
}

/// One document in [`JsonDocuments`].
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonDocumentTally {
    /// Document id (what `doc:` matches).
    pub doc_id: String,
    /// Path of the file to open.
    pub path: String,
    /// Document title.
    pub title: String,
    /// Its passages that match (all of them without a query).
    pub passages: usize,
}

/// `GET /api/documents`: the documents a query's hits are in, with how many hits each.
pub async fn documents(
    State(app): State<Arc<App>>,
    params: Result<Query<DocumentsParams>, QueryRejection>,
) -> Answer<Json<JsonDocuments>> {
    let Query(params) = params?;
    if let Some(q) = &params.q {
        text_within("query", q, app.limits.query_chars)?;
    }
    let literal = flag(&params.literal)?;
    let limit = at_most("limit", params.limit.unwrap_or(50), app.limits.documents)?;
    let json = app
        .run(move |snapshot| {
            let engine = &snapshot.engine;
            let query = params
                .q
                .as_deref()
                .map(|q| engine.query(q, literal))
                .transpose()?;
            let (total, tallies) = engine.tally(query.as_ref(), limit)?;
            Ok(JsonDocuments {
                query: params.q,
                total,
                documents: tallies
                    .into_iter()
                    .map(|t| JsonDocumentTally {
                        doc_id: t.doc_id,
                        path: t.path,
                        title: t.title,
                        passages: t.passages,
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(Json(json))
}

/// `POST /api/batch` body: the inputs as a list, or as text read like `--batch FILE`.
#[derive(Debug, Deserialize)]
pub struct BatchRequest {
    /// `search` or `verify`.
    mode: String,
    inputs: Option<Vec<String>>,
    text: Option<String>,
    column: Option<String>,
    limit: Option<usize>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

/// `POST /api/batch` answer in JSON.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonBatch {
    /// `search` or `verify`.
    pub mode: String,
    /// One row per input, in input order.
    pub rows: Vec<JsonBatchRow>,
}

/// `POST /api/batch`: one row per input, as JSON or as the CSV `--batch` writes.
pub async fn batch(
    State(app): State<Arc<App>>,
    body: Result<Json<BatchRequest>, JsonRejection>,
) -> Answer<Response> {
    let Json(request) = body?;
    let mode = match request.mode.as_str() {
        "search" => BatchMode::Search,
        "verify" => BatchMode::Verify,
        other => {
            return Err(ApiError::bad_request(format!(
                "mode `{other}` is unknown: use `search` or `verify`"
            )))
        }
    };
    let csv = match request.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format `{other}` is unknown: use `json` or `csv`"
            )))
        }
    };
    let inputs = match (request.inputs, request.text) {
        (Some(list), None) => list
            .into_iter()
            .enumerate()
            .map(|(i, text)| BatchInput {
                line: i as u64 + 1,
                text,
            })
            .collect(),
        (None, Some(text)) => batch::read_inputs(&text, request.column.as_deref())?,
        _ => {
            return Err(ApiError::bad_request(
                "give the inputs either as `inputs` (a list) or as `text` (lines or CSV)",
            ))
        }
    };
    if inputs.is_empty() {
        return Err(ApiError::bad_request("the batch has no inputs"));
    }
    at_most("the number of inputs", inputs.len(), app.limits.batch)?;
    let chars = match mode {
        BatchMode::Search => app.limits.query_chars,
        BatchMode::Verify => app.limits.quote_chars,
    };
    for input in &inputs {
        if input.text.chars().count() > chars {
            return Err(ApiError::bad_request(format!(
                "input {} is longer than this server allows ({chars} characters)",
                input.line
            )));
        }
    }
    let mut options = BatchOptions::default();
    options.search.limit = at_most("limit", request.limit.unwrap_or(3), app.limits.page)?;
    let rows = app
        .run(move |snapshot| {
            let outcomes = batch::run(&snapshot.engine, mode, &inputs, &options)?;
            Ok(inputs
                .iter()
                .zip(&outcomes)
                .map(|(input, outcome)| JsonBatchRow::new(input, outcome))
                .collect::<Vec<_>>())
        })
        .await?;
    if csv {
        let mut out = Vec::new();
        print_csv(&mut out, &rows)
            .map_err(|err| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()))?;
        let headers = [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"sleuth-batch.csv\"",
            ),
        ];
        return Ok((headers, out).into_response());
    }
    Ok(Json(JsonBatch {
        mode: request.mode,
        rows,
    })
    .into_response())
}

/// `GET /api/status` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonStatus {
    /// sleuth's version.
    pub version: String,
    /// The index directory.
    pub index: String,
    /// Documents in the index.
    pub documents: u64,
    /// Passages in the index.
    pub passages: u64,
    /// The corpus roots the index was built from.
    pub corpus: Vec<String>,
    /// When the index was last committed, in seconds since 1970 (UTC).
    pub updated: Option<u64>,
    /// The limits requests must keep to.
    pub limits: super::Limits,
}

/// `GET /api/status`: what the server answers from.
pub async fn status(State(app): State<Arc<App>>) -> Answer<Json<JsonStatus>> {
    let limits = app.limits.clone();
    let json = app
        .run(move |snapshot: &Snapshot| {
            let engine = &snapshot.engine;
            let (documents, passages) = engine.size()?;
            Ok(JsonStatus {
                version: env!("CARGO_PKG_VERSION").to_string(),
                index: display_path(engine.dir()),
                documents,
                passages,
                corpus: engine
                    .meta()
                    .into_iter()
                    .flat_map(|meta| meta.corpus.iter().map(|root| display_path(root)))
                    .collect(),
                updated: snapshot
                    .committed
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_secs()),
                limits,
            })
        })
        .await?;
    Ok(Json(json))
}

/// `GET /original` parameters.
#[derive(Debug, Deserialize)]
pub struct OriginalParams {
    doc: Option<String>,
}

/// `GET /original?doc=ID`: the file an indexed document was read from, for the browser to show
/// (a PDF opens in its viewer, at `#page=N`; a Word file is downloaded). Only indexed documents'
/// files are served, and anything else as plain text, so that no file of the corpus (a saved web
/// page included) runs as a page of this site.
pub async fn original(
    State(app): State<Arc<App>>,
    params: Result<Query<OriginalParams>, QueryRejection>,
) -> Answer<Response> {
    let Query(params) = params?;
    let doc_id = params.doc.unwrap_or_default();
    text_within("document id", &doc_id, app.limits.query_chars)?;
    let (path, bytes) = app
        .run(move |snapshot| {
            let Some(path) = snapshot.engine.source_file(&doc_id)? else {
                return Err(Error::Citation(format!(
                    "document `{doc_id}` is not in the index as a file of its own"
                )));
            };
            let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, err))?;
            Ok((path, bytes))
        })
        .await?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    Ok(match extension.as_str() {
        "pdf" => ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response(),
        // A Word file is for the user's word processor: downloaded, never shown as text.
        "docx" => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ),
                (header::CONTENT_DISPOSITION, "attachment"),
            ],
            bytes,
        )
            .into_response(),
        _ => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], bytes).into_response(),
    })
}

/// `GET /api/openapi.json`: the API described for tools.
pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
}

/// Any other `/api/…` path.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such API endpoint: see /api/openapi.json",
    )
}
