//! Paged endpoints: one page with its total ([`Page`]), or every item as a lazy [`PageStream`] that holds
//! one page at a time and stops at an empty or short page, when the items reach `TotalRecords`, or at
//! the client's page cap.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{Error, Result};
use super::request::Request;

/// Which page to fetch: `number` counts from 1 whatever the API's own numbering; `length` is the page
/// length (the endpoint's default when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// The page, from 1.
    pub number: u32,
    /// Items per page.
    pub length: Option<u32>,
}

impl PageRequest {
    /// Page `number` (from 1) of `length` items.
    pub fn new(number: u32, length: u32) -> Self {
        PageRequest { number: number.max(1), length: Some(length) }
    }

    /// The first page, of the endpoint's default length.
    pub fn first() -> Self {
        PageRequest { number: 1, length: None }
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::first()
    }
}

/// One page of results: the items that decoded, and the ones that did not, side by side.
///
/// Each item is decoded on its own, so one odd item never costs the others: it is kept in
/// [`rejected`](Self::rejected) with its index, the error and the item as sent.
#[derive(Debug)]
pub struct Page<T> {
    /// The items on this page that decoded, in their order.
    pub items: Vec<T>,
    /// The items on this page that did not decode, in their order.
    pub rejected: Vec<Rejected>,
    /// `TotalRecords`: the number of items across all pages, when the API says.
    pub total: Option<u64>,
    /// This page's number, from 1.
    pub number: u32,
    /// The page length that was asked for.
    pub length: u32,
}

/// An item of a page that did not decode.
#[derive(Debug)]
pub struct Rejected {
    /// Its index on the page, from 0.
    pub index: usize,
    /// The item as the server sent it, redacted and cut as every server text an error keeps.
    pub raw: String,
    /// Why: an [`Error::Decode`] that names the page, the index and the JSON path.
    pub error: Error,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl<T> Page<T> {
    /// How many items the server sent on this page: those that decoded and those that did not.
    pub fn len(&self) -> usize {
        self.items.len().saturating_add(self.rejected.len())
    }

    /// Whether the server sent no item on this page.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a later page may hold more items: this page was full, and the items up to it have not
    /// reached the total exactly. A total below the items seen contradicts them (a `TotalRecords: 0`
    /// next to a full page) and is ignored, so it cannot end a listing early; a total above them does
    /// not make a short page less final. Rejected items count: the server sent them. A page with more
    /// items than asked for says that the server does not page this listing (it sent everything, and
    /// would send it again for every page number): it is the last.
    pub fn has_more(&self) -> bool {
        let count = u64::try_from(self.len()).unwrap_or(u64::MAX);
        let full = count > 0 && count == u64::from(self.length);
        let before = u64::from(self.number.saturating_sub(1)).saturating_mul(u64::from(self.length));
        let seen = before.saturating_add(count);
        full && self.total != Some(seen)
    }

    /// The request for the next page, if [`has_more`](Self::has_more) and there is a page number
    /// after this one.
    pub fn next(&self) -> Option<PageRequest> {
        let number = self.number.checked_add(1)?;
        self.has_more().then(|| PageRequest::new(number, self.length))
    }
}

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>>> + Send>>;

/// Every item of a paged endpoint, fetched page by page as the stream is read. Only one page is held
/// in memory.
///
/// Pages are of the largest length the API accepts ([`Paging::max_size`](crate::Paging::max_size),
/// 100 for Axero) unless [`page_length`](Self::page_length) says otherwise, so that a listing takes
/// as few requests as it can. The stream ends after the last page: an empty or short one, or the one
/// whose items reach `TotalRecords` exactly (a total below the items seen is ignored). After
/// `max_pages` pages (the client's cap, 2,000 by default: 200,000 items at 100 a page) it yields
/// [`Error::PageLimit`] and ends, so that a server that never stops paging cannot loop a client
/// forever. [`total`](Self::total) gives `TotalRecords` once a page has arrived.
///
/// **Errors cost only what they concern.** An item that does not decode is yielded in its place as
/// an [`Error::Decode`] naming its page, index and JSON path, and the stream goes on with the next
/// item. A page that fails as a whole (a bad envelope, a server error after the retries, a timeout)
/// is yielded as its error and the stream goes on with the next page, unless
/// [`MAX_FAILED_PAGES_IN_A_ROW`] pages have failed in a row. The stream ends at once after an error
/// that makes the next page meaningless: [`Unauthorized`](Error::Unauthorized),
/// [`Forbidden`](Error::Forbidden), [`NotFound`](Error::NotFound) (no such listing),
/// [`Request`](Error::Request) and [`Redirect`](Error::Redirect) (every page would fail the same
/// way), [`Config`](Error::Config) and the page cap.
pub struct PageStream<T> {
    client: Client,
    request: Request,
    length: Option<u32>,
    default_length: u32,
    total: Option<u64>,
    first: u32,
    max_pages: u32,
    fetched: u32,
    failed_in_a_row: u32,
    yielded: u64,
    state: State<T>,
}

/// How many pages in a row may fail as a whole before a [`PageStream`] gives up on the listing.
pub const MAX_FAILED_PAGES_IN_A_ROW: u32 = 3;

enum State<T> {
    Start,
    Fetching { number: u32, page: PageFuture<T> },
    Draining(Box<Drain<T>>),
    Done,
}

/// A page being yielded: its items and rejected items in the order the server sent them.
struct Drain<T> {
    items: std::vec::IntoIter<T>,
    rejected: std::iter::Peekable<std::vec::IntoIter<Rejected>>,
    /// The index of the next thing to yield.
    at: usize,
    next: Next,
}

/// What comes after the page being drained.
#[derive(Clone, Copy)]
enum Next {
    /// The last page.
    End,
    /// This page.
    Page(u32),
    /// More, but the page number (given) was `u32::MAX`.
    OutOfNumbers(u32),
}

/// Whether an error of one page makes every later page meaningless.
fn ends_the_stream(error: &Error) -> bool {
    matches!(
        error,
        Error::Unauthorized { .. }
            | Error::Forbidden { .. }
            | Error::NotFound { .. }
            | Error::Request { .. }
            | Error::Redirect { .. }
            | Error::Config { .. }
            | Error::PageLimit { .. }
    )
}

impl<T> Unpin for PageStream<T> {}

impl<T> std::fmt::Debug for PageStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream")
            .field("path", &self.request.template())
            .field("page_length", &self.length.unwrap_or(self.default_length))
            .field("max_pages", &self.max_pages)
            .field("pages_fetched", &self.fetched)
            .field("items_yielded", &self.yielded)
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> PageStream<T> {
    /// A stream of `request`'s pages, of `default_length` items unless told otherwise.
    pub(crate) fn new(client: Client, request: Request, max_pages: u32, default_length: u32) -> Self {
        PageStream {
            client,
            request,
            length: None,
            default_length: default_length.max(1),
            total: None,
            first: 1,
            max_pages,
            fetched: 0,
            failed_in_a_row: 0,
            yielded: 0,
            state: State::Start,
        }
    }

    /// `TotalRecords` as the API gave it with the latest page: `None` before the first page has
    /// arrived, or when the API does not send it. It is the server's word, not a count of what the
    /// stream will yield.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Items per page (the largest the API accepts otherwise).
    pub fn page_length(mut self, length: u32) -> Self {
        self.length = Some(length.max(1));
        self
    }

    /// The most pages to fetch before ending with [`Error::PageLimit`] (the client's default otherwise).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages;
        self
    }

    /// Starts at page `number` (from 1) instead of the first.
    pub fn start_page(mut self, number: u32) -> Self {
        self.first = number.max(1);
        self
    }

    fn page_limit(&self) -> Error {
        Error::PageLimit { endpoint: self.request.error_endpoint(), pages: self.max_pages, items: self.yielded }
    }

    fn fetch(&mut self, number: u32) -> State<T> {
        let client = self.client.clone();
        let request = self.request.clone();
        let page = PageRequest { number, length: Some(self.length.unwrap_or(self.default_length)) };
        State::Fetching { number, page: Box::pin(async move { client.page(request, page).await }) }
    }
}

impl<T: DeserializeOwned + Send + 'static> Stream for PageStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                State::Start => {
                    if this.max_pages == 0 {
                        this.state = State::Done;
                        return Poll::Ready(Some(Err(this.page_limit())));
                    }
                    this.state = this.fetch(this.first);
                }
                State::Fetching { number, page } => match page.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Err(e)) => {
                        // This page is lost; the next one may not be.
                        this.fetched = this.fetched.saturating_add(1);
                        this.failed_in_a_row = this.failed_in_a_row.saturating_add(1);
                        let next = match number.checked_add(1) {
                            Some(n) if !ends_the_stream(&e) && this.failed_in_a_row < MAX_FAILED_PAGES_IN_A_ROW => {
                                Next::Page(n)
                            }
                            _ => Next::End,
                        };
                        let nothing = Vec::new().into_iter().peekable();
                        let drain = Drain { items: Vec::new().into_iter(), rejected: nothing, at: 0, next };
                        this.state = State::Draining(Box::new(drain));
                        return Poll::Ready(Some(Err(e)));
                    }
                    Poll::Ready(Ok(page)) => {
                        this.fetched = this.fetched.saturating_add(1);
                        this.failed_in_a_row = 0;
                        this.total = page.total.or(this.total);
                        let next = match (page.has_more(), page.number.checked_add(1)) {
                            (false, _) => Next::End,
                            (true, Some(n)) => Next::Page(n),
                            (true, None) => Next::OutOfNumbers(page.number),
                        };
                        let rejected = page.rejected.into_iter().peekable();
                        let drain = Drain { items: page.items.into_iter(), rejected, at: 0, next };
                        this.state = State::Draining(Box::new(drain));
                    }
                },
                State::Draining(drain) => {
                    let Drain { items, rejected, at, next } = &mut **drain;
                    // Items and rejected items in the order the server sent them.
                    let rejected_here = rejected.peek().is_some_and(|r| r.index <= *at);
                    if !rejected_here && let Some(item) = items.next() {
                        *at = at.saturating_add(1);
                        this.yielded = this.yielded.saturating_add(1);
                        return Poll::Ready(Some(Ok(item)));
                    }
                    if let Some(bad) = rejected.next() {
                        *at = at.saturating_add(1);
                        return Poll::Ready(Some(Err(bad.error)));
                    }
                    match *next {
                        Next::End => this.state = State::Done,
                        Next::OutOfNumbers(last) => {
                            this.state = State::Done;
                            let message = format!("page {last} was full, and no page number comes after it");
                            let endpoint = this.request.error_endpoint();
                            return Poll::Ready(Some(Err(Error::Request { endpoint, message })));
                        }
                        Next::Page(_) if this.fetched >= this.max_pages => {
                            this.state = State::Done;
                            return Poll::Ready(Some(Err(this.page_limit())));
                        }
                        Next::Page(n) => this.state = this.fetch(n),
                    }
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: usize, number: u32, length: u32, total: Option<u64>) -> Page<u8> {
        Page { items: vec![0; n], rejected: Vec::new(), total, number, length }
    }

    #[test]
    fn knows_when_more_pages_exist() {
        assert!(page(30, 1, 30, None).has_more());
        assert!(!page(29, 1, 30, None).has_more(), "a short page is the last");
        assert!(!page(0, 3, 30, None).has_more());
        assert!(page(30, 1, 30, Some(31)).has_more());
        assert!(!page(30, 2, 30, Some(60)).has_more(), "total reached");
        assert_eq!(page(30, 2, 30, Some(61)).next(), Some(PageRequest::new(3, 30)));
        assert!(page(30, 1, 30, Some(0)).has_more(), "a total below the items seen is ignored");
        assert!(page(30, 3, 30, Some(40)).has_more(), "ignored on later pages too");
        assert!(!page(10, 1, 30, Some(100)).has_more(), "a short page is the last, whatever the total");
        assert!(!page(250, 1, 100, Some(1000)).has_more(), "more than asked: the server does not page");
        assert!(page(30, u32::MAX, 30, None).has_more(), "no overflow");
        assert_eq!(page(30, u32::MAX, 30, None).next(), None, "no page number after u32::MAX");
    }
}
