//! Command-line definitions, turned once into the library's options.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::ffi::OsString;

use sleuth::batch::{self, BatchMode, BatchOptions, Outcome};
use sleuth::check::{self, CheckOptions};
use sleuth::embed;
use sleuth::engine::Engine;
use sleuth::eval::{self, beir, EvalOptions};
use sleuth::index::{self, Freshness, IndexOptions, SleuthIndex, SyncReport};
use sleuth::output::batch::JsonBatchRow;
use sleuth::output::{self, report::summary, text::TextOptions, HitLayout};
use sleuth::results::citation::{self, Locator};
use sleuth::results::locate;
use sleuth::results::search::{self, SearchOptions};
use sleuth::serve::ServeOptions;
use sleuth::verify::{self, Verdict, VerifyOptions};

/// grep's exit codes: what scripts test `sleuth` by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Something was found (or the command did what it was asked).
    Found = 0,
    /// Nothing was found.
    NotFound = 1,
    /// An error: bad input, an unusable index, a failed write.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Full-text passage search with citations you can check by hand.
#[derive(Debug, Parser)]
#[command(name = "sleuth", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// Parses the process's command line, see [`arrange`].
    pub fn parse_args() -> Cli {
        Cli::parse_from(arrange(std::env::args_os().collect()))
    }
}

/// The command line arranged for clap: an option's value is joined to it (`--limit=-1`), so that
/// a negative value gets the option's own message instead of reading as an unknown option; and
/// `search`'s words go after a `--`, so that `-Armenia` (an excluded word, the query syntax) is a
/// word wherever it stands among the options.
fn arrange(args: Vec<OsString>) -> Vec<OsString> {
    let command = Cli::command();
    let Some(subcommand) = args
        .get(1)
        .and_then(|name| name.to_str())
        .and_then(|name| command.find_subcommand(name))
    else {
        return args;
    };
    let takes_value = |option: &str| {
        subcommand
            .get_arguments()
            .any(|arg| arg.get_long() == Some(option) && arg.get_action().takes_values())
    };
    let is_search = subcommand.get_name() == "search";
    let mut arranged: Vec<OsString> = args[..2].to_vec();
    let mut words: Vec<OsString> = Vec::new();
    let mut rest = args.into_iter().skip(2);
    while let Some(arg) = rest.next() {
        let text = arg.to_str().unwrap_or_default();
        if text == "--" {
            words.extend(rest.by_ref());
        } else if let Some(option) = text.strip_prefix("--") {
            let value = match takes_value(option) {
                true => rest.next(),
                false => None,
            };
            match value {
                Some(value) => {
                    let mut joined = arg.clone();
                    joined.push("=");
                    joined.push(value);
                    arranged.push(joined);
                }
                None => arranged.push(arg),
            }
        } else if is_search && text != "-h" {
            words.push(arg);
        } else {
            arranged.push(arg);
        }
    }
    if !words.is_empty() {
        arranged.push("--".into());
        arranged.extend(words);
    }
    arranged
}

/// A count given on the command line: a whole number, 0 or more.
fn count(value: &str) -> std::result::Result<usize, String> {
    value.trim().parse().map_err(|_| {
        if value.trim_start().starts_with('-') {
            "the value must be 0 or more".to_string()
        } else {
            format!("`{value}` is not a whole number: give 0 or more")
        }
    })
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build or update the index of a corpus.
    Index(IndexArgs),
    /// Search the index for passages (builds or updates the index first if needed).
    Search(SearchArgs),
    /// Check whether a quote appears in the corpus word for word, and where.
    ///
    /// Exit code 0 when it does (verbatim), 1 when it does not (close or absent), 2 on errors.
    Verify(VerifyArgs),
    /// What each source says about a claim: states it, differs on a date, number or name, or
    /// only mentions its subject; and where sources disagree.
    ///
    /// Exit code 0 when some source states the claim, 1 when none does, 2 on errors.
    Check(CheckArgs),
    /// Print the passage a citation names, from the original file.
    Show(ShowArgs),
    /// Print the text sleuth reads from a PDF, web page or Word file, page by page: what its
    /// citations count lines in.
    Extract(ExtractArgs),
    /// Measure ranking quality on a benchmark in BEIR form: nDCG@k, Recall@100 and MRR@k.
    Eval(EvalArgs),
    /// Serve a web page and a JSON API to search, verify, check claims and batch in a browser.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct Location {
    /// Corpus: a directory (its .txt, .md, .pdf, .html/.htm/.xhtml and .docx files), one such file,
    /// or a .jsonl(.zst) file; repeatable.
    /// Default: the corpus the index was built from, else `seeds/`.
    #[arg(long = "corpus", value_name = "PATH")]
    corpus: Vec<PathBuf>,
    /// Index directory.
    #[arg(long, value_name = "DIR", default_value = sleuth::index::DEFAULT_INDEX)]
    index: PathBuf,
}

/// Ranking by meaning: an opt-in that needs a sentence-embedding model folder.
#[derive(Debug, Args)]
struct MeaningArgs {
    /// Sentence-embedding model folder (config.json, model.safetensors, tokenizer.json; see the
    /// README). Default: the model the index's passage vectors were made with, if it has any.
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// Rank by words alone, even when the index has passage vectors.
    #[arg(long, conflicts_with = "model")]
    lexical: bool,
}

#[derive(Debug, Args)]
struct IndexArgs {
    #[command(flatten)]
    location: Location,
    /// Rebuild the index from scratch instead of updating it.
    #[arg(long)]
    rebuild: bool,
    /// Indexing memory budget in MiB (all threads together).
    #[arg(long, value_name = "MIB", default_value_t = index::DEFAULT_MEMORY_BUDGET >> 20,
          value_parser = clap::value_parser!(usize))]
    memory: usize,
    /// Also embed every passage with the sentence-embedding model in DIR, so that searches rank
    /// by meaning too (slow: tens of passages a second on two cores; resumable).
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// Also list the files of other types that were not indexed.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// A PDF, web page (.html, .htm, .xhtml) or Word file (.docx).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct SearchArgs {
    /// The query: words, "exact phrases", "phrase"~N, +required, -excluded, AND/OR/NOT, (groups),
    /// title:, section:, doc: fields, prefix*.
    #[arg(
        required_unless_present = "batch",
        conflicts_with = "batch",
        value_name = "QUERY"
    )]
    query: Vec<String>,
    #[command(flatten)]
    batch: BatchArgs,
    #[command(flatten)]
    location: Location,
    /// Number of hits to show.
    #[arg(long, default_value_t = 10, value_parser = count)]
    limit: usize,
    /// Number of hits to skip (for paging).
    #[arg(long, default_value_t = 0, value_parser = count)]
    offset: usize,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// Rank whole documents, one hit each with its best passage.
    #[arg(long)]
    docs: bool,
    /// Read the query as plain words: no operators, fields or phrases.
    #[arg(long)]
    literal: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Also print N passages before and after each hit.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = count)]
    context: usize,
    /// List the hits of each document together, under one heading.
    #[arg(long)]
    group: bool,
    #[command(flatten)]
    meaning: MeaningArgs,
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// The quote (quotation marks around it are ignored); `-` reads it from standard input.
    #[arg(
        required_unless_present = "batch",
        conflicts_with = "batch",
        value_name = "QUOTE"
    )]
    quote: Vec<String>,
    #[command(flatten)]
    batch: BatchArgs,
    #[command(flatten)]
    location: Location,
    /// Most passages holding the quote's words in order to check.
    #[arg(long, default_value_t = VerifyOptions::default().limit, value_parser = count)]
    limit: usize,
    /// List every verbatim place, not only the first few.
    #[arg(long)]
    all: bool,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    meaning: MeaningArgs,
}

/// Many queries or quotes at once.
#[derive(Debug, Args)]
struct BatchArgs {
    /// Read the inputs from FILE (`-`: standard input), one per line, or one CSV column with
    /// --column; write one CSV row per input (JSON lines with --json).
    #[arg(long, value_name = "FILE")]
    batch: Option<PathBuf>,
    /// With --batch: FILE is CSV with a header row, and the inputs are this column's values.
    #[arg(long, value_name = "NAME", requires = "batch")]
    column: Option<String>,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    location: Location,
    /// Address to listen on. Anything but a loopback address makes the corpus readable from the
    /// network.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1:7878")]
    bind: std::net::SocketAddr,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The claim; `-` reads it from standard input.
    #[arg(required = true, value_name = "CLAIM")]
    claim: Vec<String>,
    #[command(flatten)]
    location: Location,
    /// Most sources to report.
    #[arg(long, default_value_t = CheckOptions::default().sources)]
    limit: usize,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Args)]
struct ShowArgs {
    /// Citations as `search` or `verify` prints them, or PATH:LINE, PATH:START-END, or (a PDF)
    /// PATH, page N[, lines START-END] (several are shown one after the other).
    #[arg(required = true, value_name = "CITATION")]
    citation: Vec<String>,
    #[command(flatten)]
    location: Location,
    /// Also print N passages before and after.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = count)]
    context: usize,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// The benchmark's documents: a .jsonl(.zst) file in BEIR form (any corpus path works).
    #[arg(long, value_name = "CORPUS")]
    corpus: PathBuf,
    /// The queries: JSON lines with `_id` and `text`.
    #[arg(long, value_name = "QUERIES")]
    queries: PathBuf,
    /// Relevance judgments: tab-separated query-id, corpus-id, score lines (header optional).
    #[arg(long, value_name = "QRELS")]
    qrels: PathBuf,
    /// Index of the corpus to build or reuse. Default: a temporary one, removed afterwards.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Cut-off of nDCG and MRR.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    k: u64,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// Also write one tab-separated line per query to FILE: id, nDCG@k, rank of the first
    /// relevant document (`-` when none is in the top 100).
    #[arg(long, value_name = "FILE")]
    per_query: Option<PathBuf>,
    #[command(flatten)]
    meaning: MeaningArgs,
    /// Ranking by meaning too: the weight of the words' score in the fused score, from 0 (meaning
    /// alone) to 1 (words alone), to tune it on a benchmark's training queries.
    #[arg(long, value_name = "W", value_parser = unit_weight, conflicts_with = "lexical")]
    lexical_weight: Option<f32>,
}

/// Runs the command line, returning the exit code.
pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Index(args) => index(args),
        Command::Search(args) => search(args),
        Command::Verify(args) => verify(args),
        Command::Check(args) => check(args),
        Command::Show(args) => show(args),
        Command::Extract(args) => extract(args),
        Command::Eval(args) => evaluate(args),
        Command::Serve(args) => serve(args),
    }
}

fn index_options(location: &Location) -> IndexOptions {
    let mut options = IndexOptions::new(&location.index);
    if !location.corpus.is_empty() {
        options.corpus = Some(location.corpus.clone());
    }
    options
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "indexing {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta} {msg}",
    )
    .expect("the progress template is valid");
    bar.set_style(style);
    bar
}

fn report_problems(report: &SyncReport) {
    let mut stderr = io::stderr().lock();
    for problem in &report.problems {
        let _ = writeln!(stderr, "sleuth: {problem}");
    }
}

fn report_others(report: &SyncReport, verbose: bool) {
    let mut stderr = io::stderr().lock();
    if verbose {
        for path in &report.others {
            let _ = writeln!(
                stderr,
                "sleuth: {}: not indexed (a format sleuth does not read)",
                sleuth::ingest::corpus::display_path(path)
            );
        }
    }
    if let Some(line) = output::report::others(report) {
        let _ = writeln!(stderr, "sleuth: {line}");
    }
}

fn index(args: IndexArgs) -> Result<Exit> {
    let mut options = index_options(&args.location);
    options.rebuild = args.rebuild;
    options.memory_budget = args.memory.saturating_mul(1 << 20);
    options.progress = progress_bar();
    let report = index::sync(&options)?;
    report_problems(&report);
    report_others(&report, args.verbose);
    println!("{}", summary(&report));
    let index = SleuthIndex::open(&args.location.index)?;
    let bar = embedding_bar();
    let refreshed = embed::sync::refresh(
        &index,
        args.model.as_deref(),
        args.rebuild,
        &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    );
    bar.finish_and_clear();
    match refreshed {
        Ok(Some(report)) => println!("{}", output::report::vectors(&report)),
        Ok(None) => {}
        // Vectors nobody asked to update this run: the words are indexed all the same.
        Err(err) if args.model.is_none() => {
            eprintln!("sleuth: the passage vectors were not brought up to date: {err}")
        }
        Err(err) => return Err(err.into()),
    }
    Ok(Exit::Found)
}

/// A progress bar for embedding passages, on stderr when it is a terminal.
fn embedding_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "embedding {wide_bar} {human_pos}/{human_len} passages {per_sec} eta {eta}",
    )
    .expect("the progress template is valid");
    bar.set_style(style);
    bar
}

/// Makes `engine` rank by meaning too as `args` ask: not with --lexical, nor when the index has
/// no vectors and no model is given. Embeds passages that have no vector yet.
fn rank_by_meaning(engine: &mut Engine, args: &MeaningArgs) -> Result<()> {
    if args.lexical {
        return Ok(());
    }
    let bar = embedding_bar();
    engine.rank_by_meaning(args.model.as_deref(), &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    Ok(())
}

/// Opens the index for reading, building or updating it first, and says on stderr what was done.
fn open_engine(location: &Location) -> Result<Engine> {
    let mut options = index_options(location);
    options.progress = progress_bar();
    let (engine, freshness) = Engine::open_fresh(&options, &mut |message| {
        eprintln!("sleuth: {message}");
    })?;
    match &freshness {
        Freshness::Synced(report) => {
            report_problems(report);
            report_others(report, false);
            eprintln!("sleuth: {}", summary(report));
        }
        Freshness::Locked => eprintln!(
            "sleuth: the index is locked by another sleuth process: searching it as it is, without the latest corpus changes"
        ),
        Freshness::UpToDate => {}
    }
    Ok(engine)
}

fn text_options(color: ColorChoice) -> TextOptions {
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_wants_color(),
    };
    TextOptions { color }
}

fn search(args: SearchArgs) -> Result<Exit> {
    if let Some(file) = &args.batch.batch {
        let mut options = BatchOptions::default();
        options.search.limit = args.limit;
        options.search.documents = args.docs;
        options.search.literal = args.literal;
        let batch = (BatchMode::Search, &args.batch, file.as_path());
        return run_batch(&args.location, &args.meaning, batch, &options, args.json);
    }
    let mut engine = open_engine(&args.location)?;
    rank_by_meaning(&mut engine, &args.meaning)?;
    let query = args.query.join(" ");
    let search_options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        documents: args.docs,
        literal: args.literal,
    };
    let results = search::search(&engine, &query, &search_options)?;
    for note in &results.notes {
        eprintln!("sleuth: note: {note}");
    }
    let context = if args.context > 0 {
        let passages: Vec<_> = results.hits.iter().map(|hit| &hit.passage).collect();
        locate::neighbours(&engine, &passages, args.context)?
    } else {
        Vec::new()
    };
    let around = HitLayout {
        context: &context,
        group: args.group,
    };
    let mut stdout = io::stdout().lock();
    if args.json {
        output::json::print_results_around(&mut stdout, &results, around)?;
    } else {
        let unit = if args.docs { "document" } else { "passage" };
        let options = text_options(args.color);
        output::text::print_results_around(&mut stdout, &results, options, unit, around)?;
    }
    stdout.flush().context("writing the results")?;
    Ok(if results.hits.is_empty() && results.total == 0 {
        Exit::NotFound
    } else {
        Exit::Found
    })
}

fn verify(args: VerifyArgs) -> Result<Exit> {
    if let Some(file) = &args.batch.batch {
        let mut options = BatchOptions::default();
        options.verify.limit = args.limit;
        let batch = (BatchMode::Verify, &args.batch, file.as_path());
        return run_batch(&args.location, &args.meaning, batch, &options, args.json);
    }
    let quote = if args.quote == ["-"] {
        io::read_to_string(io::stdin()).context("reading the quote from standard input")?
    } else {
        args.quote.join(" ")
    };
    let mut engine = open_engine(&args.location)?;
    rank_by_meaning(&mut engine, &args.meaning)?;
    let defaults = VerifyOptions::default();
    let options = VerifyOptions {
        limit: args.limit,
        shown: if args.all { None } else { defaults.shown },
        ..defaults
    };
    let verification = verify::verify(&engine, &quote, &options)?;
    let mut stdout = io::stdout().lock();
    if args.json {
        output::verify::print_json_verification(&mut stdout, &verification)?;
    } else {
        output::verify::print_text(&mut stdout, &verification, text_options(args.color))?;
    }
    stdout.flush().context("writing the verification")?;
    Ok(if verification.verdict == Verdict::Verbatim {
        Exit::Found
    } else {
        Exit::NotFound
    })
}

fn check(args: CheckArgs) -> Result<Exit> {
    let claim = if args.claim == ["-"] {
        io::read_to_string(io::stdin()).context("reading the claim from standard input")?
    } else {
        args.claim.join(" ")
    };
    let engine = open_engine(&args.location)?;
    let options = CheckOptions {
        sources: args.limit,
        ..CheckOptions::default()
    };
    let result = check::check(&engine, &claim, &options)?;
    let mut stdout = io::stdout().lock();
    if args.json {
        output::check::print_json_check(&mut stdout, &result)?;
    } else {
        output::check::print_text(&mut stdout, &result, text_options(args.color))?;
    }
    stdout.flush().context("writing the check")?;
    Ok(if result.is_stated() {
        Exit::Found
    } else {
        Exit::NotFound
    })
}

/// `--batch`: one row per input, CSV or JSON lines. Exit code 0 when every input found something
/// (hits, or the quote verbatim), 1 when some did not, 2 when some could not be run.
fn run_batch(
    location: &Location,
    meaning: &MeaningArgs,
    (mode, args, file): (BatchMode, &BatchArgs, &std::path::Path),
    options: &BatchOptions,
    json: bool,
) -> Result<Exit> {
    let text = if file == std::path::Path::new("-") {
        io::read_to_string(io::stdin()).context("reading the inputs from standard input")?
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let inputs = batch::read_inputs(&text, args.column.as_deref())
        .with_context(|| format!("reading {}", file.display()))?;
    if inputs.is_empty() {
        anyhow::bail!("{} holds no inputs", file.display());
    }
    let mut engine = open_engine(location)?;
    rank_by_meaning(&mut engine, meaning)?;
    let outcomes = batch::run(&engine, mode, &inputs, options)?;
    let rows: Vec<JsonBatchRow> = inputs
        .iter()
        .zip(&outcomes)
        .map(|(input, outcome)| JsonBatchRow::new(input, outcome))
        .collect();
    let mut stdout = io::stdout().lock();
    if json {
        output::batch::print_json_lines(&mut stdout, &rows)?;
    } else {
        output::batch::print_csv(&mut stdout, &rows)?;
    }
    stdout.flush().context("writing the rows")?;
    let failed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Failed(_)))
        .count();
    if failed > 0 {
        eprintln!(
            "sleuth: {failed} of {} inputs could not be run: see their `error` column",
            rows.len()
        );
        return Ok(Exit::Error);
    }
    Ok(if outcomes.iter().all(Outcome::is_found) {
        Exit::Found
    } else {
        Exit::NotFound
    })
}

/// `serve`: builds the index if needed, then serves it until Ctrl-C.
fn serve(args: ServeArgs) -> Result<Exit> {
    let dir = open_engine(&args.location)?.dir().to_path_buf();
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "sleuth: warning: listening on {}: anyone who can reach this machine on the network can read the corpus",
            args.bind
        );
    }
    let options = ServeOptions {
        bind: args.bind,
        ..ServeOptions::default()
    };
    sleuth::serve::serve(&dir, &options, |address| {
        println!(
            "sleuth: serving {} at http://{address}/ (Ctrl-C stops)",
            dir.display()
        );
        let _ = io::stdout().flush();
    })?;
    Ok(Exit::Found)
}

fn show(args: ShowArgs) -> Result<Exit> {
    let citations = citation::split_citations(&args.citation);
    let locators = citations
        .iter()
        .map(|c| Locator::parse(c))
        .collect::<Result<Vec<_>, _>>()?;
    let engine = open_engine(&args.location)?;
    let shown = locators
        .iter()
        .map(|locator| locate::show_with_pages(&engine, locator, args.context))
        .collect::<Result<Vec<_>, _>>()?;
    let mut stdout = io::stdout().lock();
    if args.json {
        let cited: Vec<_> = citations
            .iter()
            .zip(&shown)
            .map(|(citation, (passages, pages))| {
                (citation.as_str(), passages.as_slice(), pages.as_slice())
            })
            .collect();
        output::show::print_json_shown(&mut stdout, &cited)?;
    } else {
        let options = text_options(args.color);
        for (i, (passages, pages)) in shown.iter().enumerate() {
            if i > 0 {
                writeln!(stdout)?;
            }
            output::show::print_text(&mut stdout, passages, options)?;
            output::show::print_pages(&mut stdout, pages, options)?;
        }
    }
    stdout.flush().context("writing the passage")?;
    Ok(Exit::Found)
}

fn extract(args: ExtractArgs) -> Result<Exit> {
    let path = &args.file;
    let extractor = sleuth::ingest::extract::extractor_for(path).with_context(|| {
        format!(
            "`{}` is not a PDF, web page or Word file (by its extension); text files are read as they are",
            path.display()
        )
    })?;
    let extracted = extractor
        .extract(path)
        .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
    let mut stdout = io::stdout().lock();
    output::extracted::print_text(&mut stdout, &extracted)?;
    stdout.flush().context("writing the text")?;
    Ok(Exit::Found)
}

fn evaluate(args: EvalArgs) -> Result<Exit> {
    // Read the small files first, so that a wrong path fails before any indexing.
    let queries = beir::load_queries(&args.queries)?;
    let qrels = beir::load_qrels(&args.qrels)?;
    let judged = beir::judged_queries(queries, &qrels)?;
    let temporary;
    let index_dir = match &args.index {
        Some(dir) => dir.as_path(),
        None => {
            temporary = tempfile::tempdir().context("creating a temporary index directory")?;
            temporary.path()
        }
    };
    let (mut engine, report) = eval::index_corpus(&args.corpus, index_dir)?;
    report_problems(&report);
    if report.has_changes() {
        eprintln!("sleuth: {}", summary(&report));
    }
    let options = EvalOptions {
        k: usize::try_from(args.k).unwrap_or(usize::MAX),
    };
    rank_by_meaning(&mut engine, &args.meaning)?;
    if let Some(weight) = args.lexical_weight {
        let Some(meaning) = engine.meaning_mut() else {
            anyhow::bail!(
                "--lexical-weight weighs words against meaning, but the index has no passage vectors: add --model DIR"
            );
        };
        meaning.lexical_weight = weight;
    }
    let results = eval::evaluate(&engine, &judged, &options)?;
    if let Some(path) = &args.per_query {
        let mut file = io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        );
        output::eval::print_per_query(&mut file, &results)
            .and_then(|()| file.flush())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let mut stdout = io::stdout().lock();
    if args.json {
        output::eval::print_json(&mut stdout, &results)?;
    } else {
        output::eval::print_summary(&mut stdout, &results)?;
    }
    stdout.flush().context("writing the results")?;
    Ok(Exit::Found)
}

/// Parses a weight between 0 and 1.
fn unit_weight(text: &str) -> std::result::Result<f32, String> {
    match text.parse::<f32>() {
        Ok(weight) if (0.0..=1.0).contains(&weight) => Ok(weight),
        _ => Err(format!("`{text}` is not a weight from 0 to 1")),
    }
}

/// Whether to colour stdout: a terminal, `NO_COLOR` unset, `TERM` not `dumb`.
fn stdout_wants_color() -> bool {
    wants_color(
        io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var("TERM").ok().as_deref(),
    )
}

/// The colour decision, apart from where its inputs come from.
fn wants_color(is_terminal: bool, no_color: Option<&std::ffi::OsStr>, term: Option<&str>) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty()) && term != Some("dumb")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::ffi::OsStr;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn colour_needs_a_terminal_and_respects_no_color_and_dumb_terminals() {
        assert!(wants_color(true, None, Some("xterm")));
        assert!(wants_color(true, Some(OsStr::new("")), None));
        assert!(!wants_color(false, None, Some("xterm")));
        assert!(!wants_color(true, Some(OsStr::new("1")), Some("xterm")));
        assert!(!wants_color(true, None, Some("dumb")));
    }
}
