//! A typed client for the [Axero](https://axerosolutions.com) intranet REST API.
//!
//! ```no_run
//! use axero::ids::{SpaceId, UserId};
//! use futures_util::TryStreamExt;
//!
//! # async fn demo() -> axero::Result<()> {
//! let client = axero::Client::builder()
//!     .base_url("https://yoursite.axero.com")
//!     .bearer_token(std::env::var("AXERO_TOKEN").unwrap_or_default())
//!     .build()?;
//!
//! let me = client.users().me().await?; // no parameters at all
//! let user = client.users().get(UserId(42)).await?; // required arguments are positional
//! let first = client.users().list().await?; // optional parameters unset: the first page
//! let page = client.users().list().role_id(3).page(2).page_length(50).await?; // setters
//! let everyone: Vec<_> = client.users().list().role_id(3).stream().try_collect().await?; // every item
//! client.spaces().add_member(SpaceId(7), UserId(42)).await?;
//! # let _ = (me, user, first, page, everyone);
//! # Ok(()) }
//! ```
//!
//! - One accessor per category on [`Client`] (`client.users()`, `client.spaces()`, …), one method per
//!   endpoint. Required parameters are positional arguments. Every method returns a request value that
//!   `.await` sends: one setter per optional parameter (`.role_id(3)`), for a paged endpoint `.page(n)`,
//!   `.page_length(n)` and `.stream()`, and on every one `.timeout(..)` (this call's own) and
//!   `.decode_as::<T>()` (the same request, its data decoded as `serde_json::Value` or a type of your
//!   own: the way out where the spec's type does not fit a site's answers).
//! - Ids are types of their own ([`ids`]): `UserId(42)` where a user is meant, so that a space and a
//!   user cannot be swapped. Positional ids go from the container to the contained (a space, then a
//!   user in it).
//! - Every request and response type is in [`types`]. Enums keep values this version does not know in
//!   an `Unknown(..)` variant; ids and booleans that arrive as strings are accepted; absent lists are
//!   empty.
//! - Every call goes through one runtime ([`runtime`], the `axero-runtime` crate): Bearer auth, retries
//!   with backoff and `Retry-After`, a client-wide limit on requests in flight, timeouts, and one
//!   [`Error`] type.
//!
//! **Answers that surprise.** A list decodes item by item: one odd item never costs the others. An
//! awaited page has the good items in [`Page::items`] and the ones that did not decode in
//! [`Page::rejected`] (index, error, the item as sent); a stream yields a bad item as an
//! [`Error::Decode`] naming its page, index and JSON path, in the item's place, and goes on. A
//! date-time in a form the client does not know is kept as [`DateTime::Text`] instead of failing its
//! item.
//!
//! ```no_run
//! # async fn demo(client: axero::Client) -> axero::Result<()> {
//! use axero::ids::{SpaceId, UserId};
//! use futures_util::StreamExt;
//! let raw: serde_json::Value = client.users().get(UserId(42)).decode_as().await?;
//! let page = client.content().list().space_id(SpaceId(77)).page_length(50).await?;
//! for bad in &page.rejected {
//!     eprintln!("{bad}"); // the good items are in page.items
//! }
//! let mut articles = client.content().list().space_id(SpaceId(77)).stream();
//! while let Some(item) = articles.next().await {
//!     match item {
//!         Ok(article) => println!("{:?}", article.content_title),
//!         Err(e @ axero::Error::Decode { .. }) => eprintln!("skipped: {e}"),
//!         Err(e) => return Err(e),
//!     }
//! }
//! # let _ = raw; Ok(()) }
//! ```
//!
//! **From a log to the method.** [`Client::find_endpoint`] takes a request line as a log or a browser
//! shows it (`GET /api/users/42/details`, with or without the site, the query or the leading `/`) and
//! gives the endpoint's template and the call that sends it (`users().get`); rustdoc's search finds a
//! method by its template too (`/api/users/{UserID}/details`, or `/api/users/details`).
//!
//! Where no source shows a response's shape, the method returns `serde_json::Value` (its docs say so).
//! A caller who knows the shape decodes that value into a type of their own with [`decode()`], without
//! sending the request again: it reads as loosely as the typed responses do (numbers and booleans sent
//! as strings are accepted), and a failure names the JSON path of the value that did not fit.
//!
//! ```no_run
//! # async fn demo(client: axero::Client) -> Result<(), Box<dyn std::error::Error>> {
//! #[derive(serde::Deserialize)]
//! struct Program {
//!     #[serde(rename = "ProgramID")]
//!     id: i32,
//!     #[serde(rename = "Title")]
//!     title: Option<String>,
//! }
//! let value = client.recognition().list_programs().await?;
//! let programs: Vec<Program> = axero::decode(value)?;
//! # let _ = programs.first().map(|p| (p.id, &p.title));
//! # Ok(()) }
//! ```
//!
//! # Examples by category
//!
//! **Users**: who the token belongs to, one user, a filtered list.
//!
//! ```no_run
//! # async fn demo(client: axero::Client) -> axero::Result<()> {
//! use axero::ids::UserId;
//! let me = client.users().me().await?;
//! let grace = client.users().get(UserId(42)).await?;
//! let admins = client.users().list().role_id(1).page_length(50).await?;
//! println!("{:?}, {:?}, {} admins", me.user_name, grace.email, admins.items.len());
//! # Ok(()) }
//! ```
//!
//! **Content**: the articles of a space, one item, a new one.
//!
//! ```no_run
//! # async fn demo(client: axero::Client) -> axero::Result<()> {
//! use axero::ids::{ContentId, SpaceId};
//! use axero::types::{EntityType, NewContent};
//! let articles = client.content().list().space_id(SpaceId(7)).entity_type(EntityType::Article).await?;
//! let item = client.content().get(ContentId(110086)).await?;
//! let draft = NewContent {
//!     space_id: Some(SpaceId(7)),
//!     content_title: Some("Release notes".into()),
//!     content_body: Some("<p>What changed</p>".into()),
//!     ..NewContent::new(EntityType::Article)
//! };
//! let new_id = client.content().create(&draft).await?;
//! println!("{} articles; {:?}; created {new_id}", articles.items.len(), item.content_title);
//! # Ok(()) }
//! ```
//!
//! **Spaces**: the spaces, one space, its members, a new member.
//!
//! ```no_run
//! # async fn demo(client: axero::Client) -> axero::Result<()> {
//! use axero::ids::{SpaceId, UserId};
//! let spaces = client.spaces().list().await?;
//! let space = client.spaces().get(SpaceId(7)).await?;
//! let members = client.spaces().list_members(SpaceId(7)).search_key_word("grace").await?;
//! client.spaces().add_member(SpaceId(7), UserId(42)).await?;
//! println!("{:?}; {:?}; {} members", spaces, space, members.items.len());
//! # Ok(()) }
//! ```
//!
//! **Comments**: the comments on an item, and a reply.
//!
//! ```no_run
//! # async fn demo(client: axero::Client) -> axero::Result<()> {
//! use axero::types::{EntityType, NewComment};
//! let comments = client.comments().list().entity_id(110086).entity_type(EntityType::Article).await?;
//! let reply = NewComment {
//!     parent_comment_id: comments.items.first().map(|c| c.comment_id),
//!     ..NewComment::new("<p>Agreed</p>".into(), 110086, EntityType::Article)
//! };
//! let id = client.comments().create(&reply).await?;
//! println!("replied as comment {id}");
//! # Ok(()) }
//! ```
//!
//! **Paging**: a paged endpoint gives one [`Page`] when awaited (with `TotalRecords`), or every item
//! as a [`PageStream`], fetched lazily; [`PageStream::total`] is known after the first page.
//!
//! ```no_run
//! # async fn demo(client: axero::Client) -> axero::Result<()> {
//! use futures_util::TryStreamExt;
//! let first = client.users().list().page_length(25).await?;
//! println!("{} of {:?} users", first.items.len(), first.total);
//! let mut users = client.users().list().stream();
//! while let Some(user) = users.try_next().await? {
//!     println!("{:?}", user.user_name);
//! }
//! # Ok(()) }
//! ```
//!
//! Arguments of different id types cannot be swapped; this does not compile:
//!
//! ```compile_fail,E0308
//! # async fn demo(client: axero::Client) -> axero::Result<()> {
//! use axero::ids::{SpaceId, UserId};
//! client.spaces().add_member(UserId(42), SpaceId(7)).await?;
//! # Ok(()) }
//! ```
//!
//! **Features.** Every category is a cargo feature (`users`, `content`, …; `full` for them all, on by
//! default): with `default-features = false, features = ["rustls", "users", "content"]` only those
//! categories compile, with the types and ids they use. The TLS backend is a feature too: `rustls`
//! (the default), `rustls-aws-lc`, `native-tls`, or none (plain HTTP only).
//!
//! Everything but this file is generated from the spec in `spec/` by `cargo xtask gen`.

#![forbid(unsafe_code)]
// On docs.rs, each item says which features it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[rustfmt::skip] // Generated: formatted by prettyplease, checked by `cargo xtask check`.
mod api;

pub use api::*;
pub use axero_runtime::{
    Date, DateTime, Error, Page, PageRequest, PageStream, RawJson, Rejected, Result, RetryPolicy, StatusCode, Upload,
};
pub use axero_runtime::{DecodeError, decode};
