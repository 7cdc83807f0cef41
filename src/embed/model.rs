//! A sentence-embedding model read from a local folder: a BERT encoder, its tokenizer and its
//! pooling, turning texts into unit vectors whose dot product is their cosine similarity.
//!
//! The folder is a sentence-transformers export (`config.json`, `model.safetensors`,
//! `tokenizer.json`, and optionally `modules.json`, `1_Pooling/config.json`,
//! `sentence_bert_config.json`). Nothing is ever fetched: a missing file is an error naming it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use serde::{Deserialize, Serialize};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::error::{Error, Result};

/// The longest input the model sees, in tokens; longer texts are cut. sentence-transformers
/// models are trained at 256 (all-MiniLM-L6-v2) or more, and attention cost grows with the square
/// of the length, so 256 keeps a passage's embedding affordable on a CPU.
pub const MAX_TOKENS: usize = 256;

/// Texts embedded in one forward pass. Larger batches amortize per-call overhead but pad more, and
/// a batch's attention scores (texts × 12 heads × 256² floats) should stay under glibc's largest
/// heap allocation (32 MB), which the model keeps for reuse (see `keep_freed_memory`).
pub const BATCH_SIZE: usize = 8;

/// One batch embedded: a vector per text, and the tokens the model read.
pub type Embedded = (Vec<Vec<f32>>, usize);

/// How token vectors become one text vector, as the model's pooling config says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pooling {
    /// The mean of the token vectors, padding excluded (MiniLM, e5).
    Mean,
    /// The first (`[CLS]`) token's vector (bge).
    Cls,
    /// The element-wise maximum over the token vectors, padding excluded.
    Max,
}

/// Which model made a set of vectors: vectors from different models cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelId {
    /// The model folder's name, for messages.
    pub name: String,
    /// A hash of the files that decide the vectors (config, tokenizer, pooling, weights' size and
    /// ends), as 16 hex digits.
    pub fingerprint: String,
    /// Length of each vector.
    pub dimension: usize,
}

/// A loaded model, ready to embed texts.
pub struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    pooling: Pooling,
    normalize: bool,
    id: ModelId,
    folder: PathBuf,
}

/// The parts of `1_Pooling/config.json` sleuth reads.
#[derive(Debug, Deserialize)]
struct PoolingConfig {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
}

/// One entry of `modules.json`.
#[derive(Debug, Deserialize)]
struct ModuleEntry {
    #[serde(default)]
    path: String,
    #[serde(rename = "type", default)]
    kind: String,
}

/// The parts of `sentence_bert_config.json` sleuth reads.
#[derive(Debug, Deserialize)]
struct SentenceBertConfig {
    max_seq_length: Option<usize>,
}

fn model_error(folder: &Path, detail: impl std::fmt::Display) -> Error {
    Error::Model {
        path: folder.display().to_string(),
        detail: detail.to_string(),
    }
}

fn read(folder: &Path, name: &str) -> Result<Vec<u8>> {
    let path = folder.join(name);
    std::fs::read(&path).map_err(|err| {
        model_error(
            folder,
            format!("cannot read `{name}` ({err}); a model folder holds config.json, model.safetensors and tokenizer.json"),
        )
    })
}

fn read_optional(folder: &Path, name: &str) -> Result<Option<Vec<u8>>> {
    match std::fs::read(folder.join(name)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(model_error(folder, format!("cannot read `{name}` ({err})"))),
    }
}

fn parse<'a, T: Deserialize<'a>>(folder: &Path, name: &str, bytes: &'a [u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|err| model_error(folder, format!("`{name}`: {err}")))
}

impl Model {
    /// Loads the model in `folder`.
    pub fn load(folder: &Path) -> Result<Model> {
        keep_freed_memory();
        if !folder.is_dir() {
            return Err(model_error(
                folder,
                "no such folder; --model names a folder with config.json, model.safetensors and tokenizer.json (see the README)",
            ));
        }
        let config_bytes = read(folder, "config.json")?;
        let config: Config = parse(folder, "config.json", &config_bytes)?;
        let tokenizer_bytes = read(folder, "tokenizer.json")?;
        let weights = read(folder, "model.safetensors")?;

        let (pooling, normalize, pooling_bytes) = pooling_of(folder)?;
        let max_tokens = read_optional(folder, "sentence_bert_config.json")?
            .map(|bytes| parse::<SentenceBertConfig>(folder, "sentence_bert_config.json", &bytes))
            .transpose()?
            .and_then(|c| c.max_seq_length)
            .unwrap_or(MAX_TOKENS)
            .min(MAX_TOKENS)
            .min(config.max_position_embeddings);

        let mut tokenizer = Tokenizer::from_bytes(&tokenizer_bytes)
            .map_err(|err| model_error(folder, format!("`tokenizer.json`: {err}")))?;
        // Exports often fix truncation and padding at a length of their own: pad each batch only to
        // its longest text, and cut at the model's real limit.
        let pad_id = config.pad_token_id as u32;
        let pad_token = tokenizer
            .id_to_token(pad_id)
            .unwrap_or_else(|| "[PAD]".to_string());
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            pad_id,
            pad_token,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                ..TruncationParams::default()
            }))
            .map_err(|err| model_error(folder, format!("`tokenizer.json`: {err}")))?;

        let fingerprint = fingerprint(&[
            &config_bytes,
            &tokenizer_bytes,
            &pooling_bytes,
            &(weights.len() as u64).to_le_bytes(),
            &weights[..weights.len().min(1 << 20)],
            &weights[weights.len().saturating_sub(1 << 20)..],
            &(max_tokens as u64).to_le_bytes(),
        ]);
        let device = Device::Cpu;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|err| model_error(folder, format!("`model.safetensors`: {err}")))?;
        let bert = BertModel::load(vb, &config).map_err(|err| {
            model_error(
                folder,
                format!("not a BERT model sleuth can run ({err}); use a BERT-family sentence-transformers model such as all-MiniLM-L6-v2"),
            )
        })?;
        let name = folder
            .canonicalize()
            .unwrap_or_else(|_| folder.to_path_buf())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".to_string());
        Ok(Model {
            bert,
            tokenizer,
            pooling,
            normalize,
            id: ModelId {
                name,
                fingerprint,
                dimension: config.hidden_size,
            },
            folder: folder.to_path_buf(),
        })
    }

    /// Which model this is.
    pub fn id(&self) -> &ModelId {
        &self.id
    }

    /// The folder the model was loaded from.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Number of tokens the model sees of each text (after truncation, with the special tokens).
    pub fn token_counts(&self, texts: &[&str]) -> Result<Vec<usize>> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|err| model_error(&self.folder, format!("tokenizing: {err}")))?;
        Ok(encodings
            .iter()
            .map(|e| e.get_attention_mask().iter().filter(|&&m| m == 1).count())
            .collect())
    }

    /// Embeds `texts` in one forward pass: one vector per text, unit length when the model says
    /// to normalize. Callers batch (see [`BATCH_SIZE`]) and group texts of similar length, since
    /// every text is padded to the longest of its batch.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        Ok(self.embed_counting(texts)?.0)
    }

    /// Like [`Model::embed`], also returning the number of tokens the model read (padding aside).
    pub fn embed_counting(&self, texts: &[&str]) -> Result<Embedded> {
        if texts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let fail = |err: candle_core::Error| model_error(&self.folder, format!("embedding: {err}"));
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|err| model_error(&self.folder, format!("tokenizing: {err}")))?;
        let rows = encodings.len();
        let width = encodings.iter().map(|e| e.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(rows * width);
        let mut types = Vec::with_capacity(rows * width);
        let mut mask = Vec::with_capacity(rows * width);
        for encoding in &encodings {
            ids.extend_from_slice(encoding.get_ids());
            types.extend_from_slice(encoding.get_type_ids());
            mask.extend_from_slice(encoding.get_attention_mask());
        }
        let token_count = mask.iter().filter(|&&m| m == 1).count();
        let device = &self.bert.device;
        let ids = Tensor::from_vec(ids, (rows, width), device).map_err(fail)?;
        let types = Tensor::from_vec(types, (rows, width), device).map_err(fail)?;
        let mask = Tensor::from_vec(mask, (rows, width), device).map_err(fail)?;
        let tokens = self.bert.forward(&ids, &types, Some(&mask)).map_err(fail)?;
        let pooled = pool(&tokens, &mask, self.pooling).map_err(fail)?;
        let pooled = if self.normalize {
            let norms = pooled
                .sqr()
                .and_then(|s| s.sum_keepdim(1))
                .and_then(|s| s.sqrt())
                .and_then(|n| n.clamp(1e-12, f32::MAX))
                .map_err(fail)?;
            pooled.broadcast_div(&norms).map_err(fail)?
        } else {
            pooled
        };
        Ok((pooled.to_vec2::<f32>().map_err(fail)?, token_count))
    }

    /// Embeds each of `batches` (see [`Model::embed_counting`]), as many at once as there are
    /// cores: measured on SciFact abstracts, two batches at once on two cores embed 1.5 times as
    /// fast as one batch spread over both, since much of a forward pass (layer norms, softmax,
    /// GELU) runs on one thread.
    pub fn embed_batches(&self, batches: &[Vec<&str>]) -> Result<Vec<Embedded>> {
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(batches.len());
        let mut done: Vec<(usize, Embedded)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| -> Result<Vec<_>> {
                        // The model's matrix products run on the worker's own thread.
                        let one_thread = rayon::ThreadPoolBuilder::new()
                            .num_threads(1)
                            .build()
                            .map_err(|err| model_error(&self.folder, format!("threads: {err}")))?;
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(batch) = batches.get(i) else {
                                return Ok(out);
                            };
                            out.push((i, one_thread.install(|| self.embed_counting(batch))?));
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("an embedding worker does not panic"))
                .collect::<Result<Vec<_>>>()
        })?
        .into_iter()
        .flatten()
        .collect();
        done.sort_by_key(|(i, _)| *i);
        Ok(done.into_iter().map(|(_, result)| result).collect())
    }

    /// Embeds one text (a query).
    pub fn embed_one(&self, text: &str) -> Result<Vec<f32>> {
        Ok(self.embed(&[text])?.pop().unwrap_or_default())
    }
}

/// Makes glibc keep freed memory for reuse instead of handing it back to the system: a forward
/// pass allocates and frees tens of megabytes per layer, and by default each large block is
/// unmapped when freed and faulted back in, zeroed, by the next pass. On SciFact abstracts this
/// took system time from 45 to 3 seconds per 400 passages and embedding 1.5 times as fast
/// (PERFORMANCE.md). The memory kept is what one pass needs at most; other allocators are left
/// alone.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only changes the allocator's tuning parameters; it is thread-safe
        // and these values are within the ranges glibc documents (mallopt(3)).
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
            libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        }
    }
}

/// Pools token vectors `(batch, tokens, hidden)` into text vectors `(batch, hidden)`.
fn pool(tokens: &Tensor, mask: &Tensor, pooling: Pooling) -> candle_core::Result<Tensor> {
    match pooling {
        Pooling::Cls => tokens.narrow(1, 0, 1)?.squeeze(1),
        Pooling::Mean => {
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = tokens.broadcast_mul(&mask)?.sum(1)?;
            let counts = mask.sum(1)?.clamp(1e-9, f32::MAX)?;
            summed.broadcast_div(&counts)
        }
        Pooling::Max => {
            // Padding gets a large negative value so that it never wins the maximum.
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let penalty = ((mask.ones_like()? - &mask)? * -1e9)?;
            tokens.broadcast_add(&penalty)?.max(1)
        }
    }
}

/// The pooling and normalization the folder's `modules.json` and pooling config ask for (mean
/// pooling and normalization when the folder says nothing), with the bytes that decided them.
fn pooling_of(folder: &Path) -> Result<(Pooling, bool, Vec<u8>)> {
    let Some(modules_bytes) = read_optional(folder, "modules.json")? else {
        return Ok((Pooling::Mean, true, Vec::new()));
    };
    let modules: Vec<ModuleEntry> = parse(folder, "modules.json", &modules_bytes)?;
    let normalize = modules.iter().any(|m| m.kind.ends_with(".Normalize"));
    let mut decided = modules_bytes.clone();
    let pooling = match modules.iter().find(|m| m.kind.ends_with(".Pooling")) {
        None => Pooling::Mean,
        Some(module) => {
            let name = Path::new(&module.path).join("config.json");
            let name = name.to_string_lossy();
            let bytes = read(folder, &name)?;
            let config: PoolingConfig = parse(folder, &name, &bytes)?;
            decided.extend_from_slice(&bytes);
            if config.pooling_mode_mean_tokens {
                Pooling::Mean
            } else if config.pooling_mode_cls_token {
                Pooling::Cls
            } else if config.pooling_mode_max_tokens {
                Pooling::Max
            } else {
                return Err(model_error(
                    folder,
                    format!("`{name}` asks for a pooling sleuth does not know; it supports mean, CLS and max pooling"),
                ));
            }
        }
    };
    Ok((pooling, normalize, decided))
}

/// A 64-bit hash of `parts`, as 16 hex digits.
fn fingerprint(parts: &[&[u8]]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    format!("{:016x}", hasher.digest())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The model folder the tests use: `SLEUTH_TEST_MODEL` (see `.ci/run`). Without it the model
    /// tests are skipped with a note, except on CI, where they fail.
    pub(crate) fn test_model() -> Option<Model> {
        match std::env::var_os("SLEUTH_TEST_MODEL") {
            Some(dir) => Some(Model::load(Path::new(&dir)).expect("the test model loads")),
            None if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("SLEUTH_TEST_MODEL must name a model folder on CI (see .ci/run)")
            }
            None => {
                eprintln!("SLEUTH_TEST_MODEL is not set: skipping a test that needs the model");
                None
            }
        }
    }

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn a_paraphrase_is_nearer_than_an_unrelated_sentence() {
        let Some(model) = test_model() else { return };
        let vectors = model
            .embed(&[
                "Around 40% of Israel's crude oil imports are sourced from Baku.",
                "Baku provides about 40% of the Jewish state's crude.",
                "The committee postponed the vote on the fishing quotas.",
            ])
            .unwrap();
        assert_eq!(vectors.len(), 3);
        assert_eq!(vectors[0].len(), model.id().dimension);
        let norm = cosine(&vectors[0], &vectors[0]);
        assert!((norm - 1.0).abs() < 1e-4, "unit length, got {norm}");
        let paraphrase = cosine(&vectors[0], &vectors[1]);
        let unrelated = cosine(&vectors[0], &vectors[2]);
        assert!(
            paraphrase > unrelated + 0.3,
            "paraphrase {paraphrase} vs unrelated {unrelated}"
        );
    }

    #[test]
    fn a_text_embeds_the_same_alone_and_in_a_padded_batch() {
        let Some(model) = test_model() else { return };
        let short = "Oil from Azerbaijan.";
        let long = "A much longer sentence that forces the short one to be padded in its batch, \
                    so that the attention mask and mean pooling must ignore the padding.";
        let alone = model.embed_one(short).unwrap();
        let batched = model.embed(&[long, short]).unwrap();
        assert!(cosine(&alone, &batched[1]) > 0.9999);
    }

    #[test]
    fn batches_embedded_at_once_come_back_in_order_as_if_one_by_one() {
        let Some(model) = test_model() else { return };
        let texts = [
            "Oil from Azerbaijan.",
            "Fishing quotas were postponed.",
            "A",
            "Baku.",
        ];
        let batches: Vec<Vec<&str>> = vec![texts[..2].to_vec(), vec![texts[2]], vec![texts[3]]];
        let embedded = model.embed_batches(&batches).unwrap();
        let vectors: Vec<&Vec<f32>> = embedded.iter().flat_map(|(v, _)| v).collect();
        assert_eq!(vectors.len(), texts.len());
        for (text, vector) in texts.iter().zip(vectors) {
            assert!(
                cosine(&model.embed_one(text).unwrap(), vector) > 0.9999,
                "{text}"
            );
        }
        let tokens: Vec<usize> = embedded.iter().map(|(_, t)| *t).collect();
        assert_eq!(tokens[1], model.token_counts(&["A"]).unwrap()[0]);
    }

    #[test]
    fn long_texts_are_cut_at_the_token_limit() {
        let Some(model) = test_model() else { return };
        let long = "word ".repeat(2000);
        let counts = model.token_counts(&[&long, "two words"]).unwrap();
        assert_eq!(counts, vec![MAX_TOKENS, 4]);
        assert_eq!(model.embed(&[&long]).unwrap().len(), 1);
    }

    #[test]
    fn a_folder_without_a_model_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = Model::load(dir.path()).err().unwrap().to_string();
        assert!(err.contains("config.json"), "{err}");
        let err = Model::load(&dir.path().join("absent"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("no such folder"), "{err}");
    }
}
