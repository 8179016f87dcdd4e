//! Files sent to the API: multipart file parts and binary bodies, from bytes in memory, from a file
//! (read as it is sent, never held in memory), or from any stream of bytes.

use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::SystemTime;

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::AsyncRead;

/// A file to upload.
///
/// - [`Upload::new`]: bytes in memory; a retried request sends them again without a copy.
/// - [`Upload::from_path`]: a file, opened anew and read as it is sent on every attempt, so a large file
///   is never held in memory and a retried request sends it whole again.
/// - [`Upload::from_reader`] and [`Upload::from_stream`]: anything that yields bytes once. Such a
///   request is sent once only: it is never retried, and a redirect that would send the body again
///   fails with [`Error::Request`](crate::Error::Request) rather than send half a stream.
#[derive(Clone)]
pub struct Upload {
    /// The file name sent with a multipart part (`"`, CR and LF as `%22`, `%0D`, `%0A`, as browsers
    /// send them).
    pub file_name: String,
    /// The media type; `application/octet-stream` when unset.
    pub content_type: Option<String>,
    source: Source,
}

/// Where an upload's bytes come from.
#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    /// A file, with its length and modification time when it was opened: a file that differs at a
    /// later send (a retry) is refused rather than sent as another upload.
    Path {
        path: PathBuf,
        len: u64,
        modified: Option<SystemTime>,
    },
    /// Taken by the first send; `None` afterwards.
    Once {
        body: Arc<Mutex<Option<reqwest::Body>>>,
        len: Option<u64>,
    },
}

/// A boxed error, what a stream of bytes may fail with.
pub type StreamError = Box<dyn std::error::Error + Send + Sync>;

impl Upload {
    /// An upload named `file_name` holding `data`.
    pub fn new(file_name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        Upload { file_name: file_name.into(), content_type: None, source: Source::Bytes(data.into()) }
    }

    /// The file at `path`, named after it, read as it is sent (on every attempt). Fails now if the file
    /// cannot be read, so that a missing file is not found only when the request goes out.
    ///
    /// The file must not change until the call ends: its length and modification time are taken now,
    /// and a send that finds another length or time (a retry after the file was rewritten), or a file
    /// that grows or shrinks while it is read, fails the call instead of sending another upload.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        let (len, modified) = (metadata.len(), metadata.modified().ok());
        let file_name = path.file_name().map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
        Ok(Upload { file_name, content_type: None, source: Source::Path { path: path.to_path_buf(), len, modified } })
    }

    /// An upload read from `reader` (a `tokio::fs::File`, a pipe…) as it is sent; `len`, when known,
    /// is sent as the length. It can be sent once.
    pub fn from_reader(
        file_name: impl Into<String>,
        reader: impl AsyncRead + Send + Sync + 'static,
        len: Option<u64>,
    ) -> Self {
        Self::from_stream(file_name, tokio_util::io::ReaderStream::new(reader), len)
    }

    /// An upload of the chunks `stream` yields, sent as they come; `len`, when known, is sent as the
    /// length. It can be sent once.
    pub fn from_stream<E: Into<StreamError>>(
        file_name: impl Into<String>,
        stream: impl Stream<Item = Result<Bytes, E>> + Send + Sync + 'static,
        len: Option<u64>,
    ) -> Self {
        let body = reqwest::Body::wrap_stream(futures_util::StreamExt::map(stream, |chunk| chunk.map_err(Into::into)));
        let source = Source::Once { body: Arc::new(Mutex::new(Some(body))), len };
        Upload { file_name: file_name.into(), content_type: None, source }
    }

    /// Sets the media type, e.g. `image/png`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The media type to send.
    pub fn media_type(&self) -> &str {
        self.content_type.as_deref().unwrap_or("application/octet-stream")
    }

    /// The size in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(b) => u64::try_from(b.len()).ok(),
            Source::Path { len, .. } => Some(*len),
            Source::Once { len, .. } => *len,
        }
    }

    /// Whether the upload is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether the upload can be sent more than once (bytes and files can; a stream cannot).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::Once { .. })
    }

    /// The body to send now, and its length when known: the bytes, the file opened anew, or the stream
    /// (once).
    pub(crate) fn body(&self) -> Result<(reqwest::Body, Option<u64>), String> {
        match &self.source {
            Source::Bytes(bytes) => Ok((reqwest::Body::from(bytes.clone()), self.len())),
            Source::Path { path, len, modified } => {
                let file =
                    std::fs::File::open(path).map_err(|e| format!("cannot open the upload {}: {e}", path.display()))?;
                let now = file.metadata().map_err(|e| format!("cannot read the upload {}: {e}", path.display()))?;
                if now.len() != *len || now.modified().ok() != *modified {
                    return Err(format!(
                        "the upload {} changed after `Upload::from_path` ({len} bytes then, {} now, or a new \
                         modification time); it is not sent as another file",
                        path.display(),
                        now.len()
                    ));
                }
                let reader = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
                Ok((reqwest::Body::wrap_stream(ExactLength::new(reader, *len)), Some(*len)))
            }
            Source::Once { body, len } => {
                let taken = body.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
                let body = taken.ok_or_else(|| {
                    format!(
                        "the upload `{}` is a stream, which can be sent once; use `Upload::from_path` or bytes \
                         for a request that may be sent again",
                        self.file_name
                    )
                })?;
                Ok((body, *len))
            }
        }
    }
}

/// Two uploads are equal when they have the same name and type and the same bytes, the same file, or
/// the same stream.
impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path { path: a, .. }, Source::Path { path: b, .. }) => a == b,
            (Source::Once { body: a, .. }, Source::Once { body: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

/// Shows the name, type and size, never the content.
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let from = match &self.source {
            Source::Bytes(_) => "memory",
            Source::Path { .. } => "file",
            Source::Once { .. } => "stream",
        };
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("content_type", &self.media_type())
            .field("len", &self.len())
            .field("from", &from)
            .finish()
    }
}

/// An empty upload named `file`.
impl Default for Upload {
    fn default() -> Self {
        Upload::new("file", Bytes::new())
    }
}

/// The chunks of a file read as it is sent, failing when they add up to another length than the file
/// had when it was opened: a file that grows or shrinks during the send fails the call instead of being
/// sent cut short.
struct ExactLength<S> {
    inner: S,
    expected: u64,
    seen: u64,
    done: bool,
}

impl<S> ExactLength<S> {
    fn new(inner: S, expected: u64) -> Self {
        ExactLength { inner, expected, seen: 0, done: false }
    }
}

impl<S: Stream<Item = std::io::Result<Bytes>> + Unpin> Stream for ExactLength<S> {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let changed = |seen: u64, expected: u64| {
            std::io::Error::other(format!(
                "the file changed while it was sent: {seen} bytes read where it had {expected} when opened"
            ))
        };
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(chunk))) => {
                let seen = self.seen.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
                self.seen = seen;
                if seen > self.expected {
                    self.done = true;
                    return Poll::Ready(Some(Err(changed(seen, self.expected))));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => {
                self.done = true;
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(None) => {
                self.done = true;
                if self.seen == self.expected {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Err(changed(self.seen, self.expected))))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_sent_once_and_bytes_and_files_again() {
        let bytes = Upload::new("a.txt", &b"abc"[..]);
        assert!(bytes.body().is_ok() && bytes.body().is_ok() && bytes.is_replayable());
        assert_eq!(bytes.len(), Some(3));

        let path = std::env::temp_dir().join(format!("axero-upload-{}.txt", std::process::id()));
        std::fs::write(&path, b"hello").unwrap();
        let file = Upload::from_path(&path).unwrap();
        assert_eq!((file.len(), file.file_name.starts_with("axero-upload-")), (Some(5), true));
        assert!(file.body().is_ok() && file.body().is_ok() && file.is_replayable());
        std::fs::remove_file(&path).unwrap();
        assert!(file.body().unwrap_err().contains("cannot open the upload"), "opened anew on each send");
        assert!(Upload::from_path(&path).is_err(), "a missing file fails at once");

        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"x"))]);
        let once = Upload::from_stream("s.bin", chunks, Some(1));
        let copy = once.clone();
        assert!(!once.is_replayable() && once == copy);
        assert!(once.body().is_ok());
        assert!(copy.body().unwrap_err().contains("can be sent once"), "a clone shares the one stream");
    }

    #[tokio::test]
    async fn a_file_that_changes_while_it_is_sent_fails_the_send() {
        use futures_util::StreamExt;
        let run = |sizes: &[usize], expected: u64| {
            let chunks: Vec<std::io::Result<Bytes>> = sizes.iter().map(|&n| Ok(Bytes::from(vec![b'x'; n]))).collect();
            ExactLength::new(futures_util::stream::iter(chunks), expected).collect::<Vec<_>>()
        };
        assert!(run(&[3, 4], 7).await.iter().all(Result::is_ok), "the length it had");
        let shrunk = run(&[3], 7).await;
        assert!(shrunk.last().unwrap().as_ref().is_err_and(|e| e.to_string().contains("3 bytes read where it had 7")));
        let grew = run(&[5, 5], 7).await;
        assert_eq!(grew.len(), 2, "stops at the first byte too many");
        assert!(grew[1].is_err());
    }
}
