//! Files sent to the API: multipart file parts and binary bodies.

use std::fmt;

use bytes::Bytes;

/// A file to upload. Cloning is cheap (the bytes are shared), so a retried request resends it without
/// copying.
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    /// The file name sent with a multipart part (`"`, CR and LF as `%22`, `%0D`, `%0A`, as browsers
    /// send them).
    pub file_name: String,
    /// The media type; `application/octet-stream` when unset.
    pub content_type: Option<String>,
    /// The content.
    pub data: Bytes,
}

impl Upload {
    /// An upload named `file_name` holding `data`.
    pub fn new(file_name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        Upload { file_name: file_name.into(), content_type: None, data: data.into() }
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
}

/// Shows the name, type and size, never the content.
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("content_type", &self.media_type())
            .field("len", &self.data.len())
            .finish()
    }
}

/// An empty upload named `file`.
impl Default for Upload {
    fn default() -> Self {
        Upload::new("file", Bytes::new())
    }
}
