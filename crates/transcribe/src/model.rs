//! What a model file is, read from its header and walked tensor by tensor
//! without loading it: a wrong or truncated file is refused when it is
//! added, with a reason, rather than failing (or crashing) at the first
//! transcription.
//!
//! whisper.cpp's ggml format: the magic `ggml`, eleven hyperparameters, the
//! mel filterbank, the vocabulary, then every tensor as (dimensions, name
//! length, type, shape, name, data) to the end of the file.

use std::{
    fs::File,
    io::{BufReader, Read, Seek, SeekFrom},
    path::Path,
};

use crate::{Error, Result};

const MAGIC: u32 = 0x6767_6d6c;

/// A model's size class, from its encoder depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelSize {
    Tiny,
    Base,
    Small,
    Medium,
    Large,
}

impl ModelSize {
    pub fn as_str(self) -> &'static str {
        match self {
            ModelSize::Tiny => "tiny",
            ModelSize::Base => "base",
            ModelSize::Small => "small",
            ModelSize::Medium => "medium",
            ModelSize::Large => "large",
        }
    }
}

/// What a ggml Whisper model file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInfo {
    pub size: ModelSize,
    /// Knows many languages (and can detect them), or English only.
    pub multilingual: bool,
    pub tensors: usize,
    pub bytes: u64,
}

impl ModelInfo {
    /// `tiny.en`, `base`: the name people know the model by.
    pub fn kind(&self) -> String {
        format!("{}{}", self.size.as_str(), if self.multilingual { "" } else { ".en" })
    }
}

/// Reads and checks the model at `path` without loading it.
pub fn inspect(path: &Path) -> Result<ModelInfo> {
    let refuse = |reason: String| Error::Model { path: path.display().to_string(), reason };
    let file = File::open(path).map_err(|e| refuse(format!("cannot open it ({e})")))?;
    let bytes = file.metadata().map_err(|e| refuse(e.to_string()))?.len();
    let mut r = Reader { inner: BufReader::new(file), bytes };
    let truncated = |what: &str| refuse(format!("it ends inside the {what}: the file is truncated"));
    let count = |n: i32| count(n).ok_or_else(|| refuse(format!("it holds a negative count ({n}): it is damaged")));

    if r.u32().map_err(|_| refuse("it is empty or too short to be a model".into()))? != MAGIC {
        return Err(refuse("it is not a ggml model (wrong magic number); use a whisper.cpp ggml file".into()));
    }
    let mut hp = [0i32; 11];
    for v in &mut hp {
        *v = r.i32().map_err(|_| truncated("header"))?;
    }
    let [n_vocab, _, _, _, audio_layers, _, _, _, text_layers, n_mels, _ftype] = hp;
    let size = match audio_layers {
        4 => ModelSize::Tiny,
        6 => ModelSize::Base,
        12 => ModelSize::Small,
        24 => ModelSize::Medium,
        32 => ModelSize::Large,
        n => return Err(refuse(format!("its encoder has {n} layers, which is no Whisper model"))),
    };
    if !(1..=1_000_000).contains(&n_vocab) || !(1..=256).contains(&n_mels) || !(1..=64).contains(&text_layers) {
        return Err(refuse("its header is not a Whisper model's".into()));
    }
    let (mels, fft) = (r.i32().map_err(|_| truncated("mel filters"))?, r.i32().map_err(|_| truncated("mel filters"))?);
    r.skip(count(mels)? * count(fft)? * 4).map_err(|_| truncated("mel filters"))?;
    let words = r.i32().map_err(|_| truncated("vocabulary"))?;
    for _ in 0..count(words)? {
        let len = r.u32().map_err(|_| truncated("vocabulary"))?;
        r.skip(u64::from(len)).map_err(|_| truncated("vocabulary"))?;
    }
    let mut tensors = 0;
    while r.position().map_err(|e| refuse(e.to_string()))? < bytes {
        let what = |_| truncated("tensors");
        let (dims, name_len, ttype) = (r.i32().map_err(what)?, r.i32().map_err(what)?, r.i32().map_err(what)?);
        if !(1..=4).contains(&dims) || !(1..=256).contains(&name_len) {
            return Err(refuse(format!("tensor {tensors} has a damaged header")));
        }
        let mut elements: u64 = 1;
        for _ in 0..dims {
            elements = elements.saturating_mul(count(r.i32().map_err(what)?)?);
        }
        let data = tensor_bytes(ttype, elements).ok_or_else(|| refuse(format!("tensor {tensors} has type {ttype}")))?;
        r.skip(count(name_len)? + data).map_err(what)?;
        tensors += 1;
    }
    // Encoder: 2 convolutions (weight, bias), positional embedding, final
    // norm (2), and 15 per layer; decoder: token and positional embeddings,
    // final norm (2), and 24 per layer.
    let expected = 7 + 15 * count(audio_layers)? as usize + 4 + 24 * count(text_layers)? as usize;
    if tensors != expected {
        return Err(refuse(format!("it holds {tensors} tensors where a {} model has {expected}", size.as_str())));
    }
    let multilingual = n_vocab >= 51_865;
    Ok(ModelInfo { size, multilingual, tensors, bytes })
}

/// Bytes of a tensor's data by ggml type (f32, f16, and the common
/// quantizations, in blocks of 32).
fn tensor_bytes(ttype: i32, elements: u64) -> Option<u64> {
    let block = |bytes: u64| elements.div_ceil(32).checked_mul(bytes);
    match ttype {
        0 => elements.checked_mul(4),
        1 => elements.checked_mul(2),
        2 => block(18),
        3 => block(20),
        6 => block(22),
        7 => block(24),
        8 => block(34),
        _ => None,
    }
}

fn count(n: i32) -> Option<u64> {
    u64::try_from(n).ok()
}

struct Reader {
    inner: BufReader<File>,
    bytes: u64,
}

impl Reader {
    fn u32(&mut self) -> std::io::Result<u32> {
        let mut b = [0u8; 4];
        self.inner.read_exact(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn i32(&mut self) -> std::io::Result<i32> {
        let mut b = [0u8; 4];
        self.inner.read_exact(&mut b)?;
        Ok(i32::from_le_bytes(b))
    }

    fn position(&mut self) -> std::io::Result<u64> {
        self.inner.stream_position()
    }

    /// Skips `n` bytes, failing past the end of the file.
    fn skip(&mut self, n: u64) -> std::io::Result<()> {
        let to = self.position()?.checked_add(n).filter(|&to| to <= self.bytes);
        let to = to.ok_or_else(|| std::io::Error::from(std::io::ErrorKind::UnexpectedEof))?;
        self.inner.seek(SeekFrom::Start(to)).map(drop)
    }
}
