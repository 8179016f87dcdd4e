//! Request values: what a generated endpoint method returns when the endpoint has optional parameters
//! or pages. The generated type wraps one of these, adds one setter per optional parameter, and sends
//! it when awaited (`IntoFuture`):
//!
//! ```ignore
//! let page = client.users().list().role_id(3).page(2).page_length(50).await?;
//! let everyone: Vec<_> = client.users().list().role_id(3).stream().try_collect().await?;
//! ```
//!
//! [`Call`] sends a request and decodes its data (or, with [`NoData`], only checks that it succeeded);
//! [`PagedCall`] fetches one [`Page`] or, with [`PagedCall::stream`], every item. Both take a timeout
//! of their own ([`Call::timeout`]) and can decode the data as any type instead of the endpoint's
//! ([`Call::decode_as`]): `serde_json::Value`, or the caller's own struct.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Result;
use super::paging::{Page, PageRequest, PageStream};
use super::request::Request;
use super::retry::RetryPolicy;

/// The future a request value turns into when awaited.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How a [`Call`] reads the response: [`Data`] decodes it, [`NoData`] only checks it.
pub trait Fetch<T>: fetch::Sealed {
    /// Sends `request` through `client` and reads the response.
    fn fetch(client: &Client, request: Request) -> BoxFuture<'_, Result<T>>;
}

mod fetch {
    pub trait Sealed {}
    impl Sealed for super::Data {}
    impl Sealed for super::NoData {}
}

/// The response data is decoded as the call's output type.
#[derive(Debug, Clone, Copy)]
pub struct Data;

/// Nothing useful comes back: the call succeeds unless the API reports an error.
#[derive(Debug, Clone, Copy)]
pub struct NoData;

impl<T: DeserializeOwned + Send + 'static> Fetch<T> for Data {
    fn fetch(client: &Client, request: Request) -> BoxFuture<'_, Result<T>> {
        Box::pin(client.send(request))
    }
}

impl Fetch<()> for NoData {
    fn fetch(client: &Client, request: Request) -> BoxFuture<'_, Result<()>> {
        Box::pin(client.send_ignoring_data(request))
    }
}

/// A request to one endpoint, bound to a client; awaiting it sends it.
#[must_use = "a request does nothing until it is awaited"]
pub struct Call<'a, T, F = Data> {
    client: &'a Client,
    request: Request,
    output: PhantomData<fn() -> (T, F)>,
}

impl<'a, T, F> Call<'a, T, F> {
    /// `request`, to be sent through `client`.
    pub fn new(client: &'a Client, request: Request) -> Self {
        Call { client, request, output: PhantomData }
    }

    /// The request as it stands.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Changes the request: what a generated setter does (`|r| r.query("RoleID", 3)`).
    pub fn map(self, change: impl FnOnce(Request) -> Request) -> Self {
        Call { client: self.client, request: change(self.request), output: PhantomData }
    }

    /// The longest each attempt of this call may take (connect, send, redirects and the whole
    /// response), instead of the client's [`timeout`](crate::ClientBuilder::timeout).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.map(|r| r.timeout(timeout))
    }

    /// This call's retry policy, instead of the client's: [`RetryPolicy::none`] never sends it twice.
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.map(|r| r.retry(policy))
    }

    /// The same request, with its data decoded as `U` instead of the endpoint's type: a
    /// `serde_json::Value` to see everything the server sent, or the caller's own struct. Decoding is
    /// as loose as for the endpoint's type (numbers and booleans sent as strings are read as what `U`
    /// asks for).
    pub fn decode_as<U>(self) -> Call<'a, U> {
        Call { client: self.client, request: self.request, output: PhantomData }
    }
}

impl<'a, T: 'a, F: Fetch<T>> IntoFuture for Call<'a, T, F> {
    type Output = Result<T>;
    type IntoFuture = BoxFuture<'a, Result<T>>;

    fn into_future(self) -> Self::IntoFuture {
        F::fetch(self.client, self.request)
    }
}

impl<T, F> std::fmt::Debug for Call<'_, T, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call").field("request", &self.request).finish_non_exhaustive()
    }
}

/// A request to a paged endpoint, bound to a client: awaiting it fetches one [`Page`] (the first,
/// unless [`page`](Self::page) says otherwise); [`stream`](Self::stream) yields every item.
#[must_use = "a request does nothing until it is awaited or streamed"]
pub struct PagedCall<'a, T> {
    client: &'a Client,
    request: Request,
    page: Option<u32>,
    length: Option<u32>,
    item: PhantomData<fn() -> T>,
}

impl<'a, T> PagedCall<'a, T> {
    /// `request`, a paged endpoint's, to be sent through `client`.
    pub fn new(client: &'a Client, request: Request) -> Self {
        PagedCall { client, request, page: None, length: None, item: PhantomData }
    }

    /// The request as it stands, without the paging parameters.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Changes the request: what a generated setter does.
    pub fn map(self, change: impl FnOnce(Request) -> Request) -> Self {
        PagedCall { request: change(self.request), ..self }
    }

    /// The page to fetch, counted from 1 whatever the API's own numbering (default 1). For a stream,
    /// the page it starts at.
    pub fn page(self, number: u32) -> Self {
        PagedCall { page: Some(number), ..self }
    }

    /// Items per page. A single page defaults to the API's default length; a stream fetches the
    /// largest page the API accepts.
    pub fn page_length(self, length: u32) -> Self {
        PagedCall { length: Some(length), ..self }
    }

    /// The longest each attempt of each page's request may take, instead of the client's
    /// [`timeout`](crate::ClientBuilder::timeout).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.map(|r| r.timeout(timeout))
    }

    /// The retry policy of each page's request, instead of the client's.
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.map(|r| r.retry(policy))
    }

    /// The same request, with each item decoded as `U` instead of the endpoint's type, in a page and
    /// in a stream: a `serde_json::Value`, or the caller's own struct.
    pub fn decode_as<U>(self) -> PagedCall<'a, U> {
        PagedCall {
            client: self.client,
            request: self.request,
            page: self.page,
            length: self.length,
            item: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> PagedCall<'_, T> {
    /// Every item, fetched page by page as the stream is read; see [`PageStream`].
    pub fn stream(self) -> PageStream<T> {
        let mut stream = self.client.stream(self.request);
        if let Some(length) = self.length {
            stream = stream.page_length(length);
        }
        if let Some(number) = self.page {
            stream = stream.start_page(number);
        }
        stream
    }
}

impl<'a, T: DeserializeOwned + Send + 'static> IntoFuture for PagedCall<'a, T> {
    type Output = Result<Page<T>>;
    type IntoFuture = BoxFuture<'a, Result<Page<T>>>;

    fn into_future(self) -> Self::IntoFuture {
        let page = PageRequest { number: self.page.unwrap_or(1), length: self.length };
        Box::pin(self.client.page(self.request, page))
    }
}

impl<T> std::fmt::Debug for PagedCall<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PagedCall")
            .field("request", &self.request)
            .field("page", &self.page)
            .field("page_length", &self.length)
            .finish_non_exhaustive()
    }
}
