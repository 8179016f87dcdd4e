//! Generated endpoints over real HTTP on loopback: at least one call per category, asserting the method,
//! path, query string, body and `Authorization` header the server received and the typed values decoded;
//! the body kinds (multipart, binary, bare scalar, CSV string); CSV query parameters; an unknown enum
//! value; and the paged stream of one endpoint in every category that pages.

use axero::ids::*;
use axero::types;
use axero_tests::{Recorded, TOKEN, TestServer, envelope, json, page};
use futures_util::TryStreamExt;
use serde_json::json;

/// Checks what the server received: method, path, the query (as a sorted list of pairs) and the token.
fn assert_request(r: &Recorded, method: &str, path: &str, query: &[(&str, &str)]) {
    assert_eq!(r.method, method, "method of {}", r.path);
    assert_eq!(r.path, path);
    assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()), "{path}");
    let mut got = r.query_pairs();
    got.sort();
    let mut want: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    want.sort();
    assert_eq!(got, want, "query of {method} {path}");
}

fn date(y: i32, m: u32, d: u32) -> axero::Date {
    axero::Date::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn users_list_sends_filters_and_paging_and_decodes_users() {
    let server = TestServer::start(|_, _| async {
        page(json!([{"UserID": 7, "FirstName": "Ada", "Email": "ada@example.com"}, {"UserID": "8"}]), 174)
    })
    .await;
    let page = server
        .client()
        .users()
        .list()
        .role_id(RoleId(3))
        .is_banned(false)
        .sort_column(types::UserSortColumn::LastName)
        .sort_order(types::SortOrder::Descending)
        .page(2)
        .page_length(50)
        .await
        .unwrap();
    assert_eq!(page.total, Some(174));
    assert_eq!((page.number, page.length), (2, 50));
    assert_eq!(page.items[0].user_id, UserId(7));
    assert_eq!(page.items[0].first_name.as_deref(), Some("Ada"));
    assert_eq!(page.items[1].user_id, UserId(8), "an id sent as a string");
    assert_request(
        &server.only_request(),
        "GET",
        "/api/users",
        &[
            ("RoleID", "3"),
            ("IsBanned", "false"),
            ("SortColumn", "2"),
            ("SortOrder", "1"),
            ("StartPage", "2"),
            ("PageLength", "50"),
        ],
    );
}

#[tokio::test]
async fn users_bare_scalar_binary_and_csv() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = server.client();
    // A bare JSON number as the body.
    client.users().set_points(UserId(42), 1500).await.unwrap();
    // A binary upload: the raw bytes with their media type.
    let image = axero::Upload::new("me.png", vec![0x89, b'P', b'N', b'G', 0, 1, 2]).with_content_type("image/png");
    client.users().set_profile_image(UserId(42), image).file_name("me.png").await.unwrap();
    // A string enum and a CSV list in the query.
    client
        .users()
        .set_status(&types::UserStatusAction::Deactivate, &[UserId(4), UserId(5), UserId(6)])
        .reason("left the company")
        .await
        .unwrap();

    let reqs = server.requests();
    assert_request(&reqs[0], "PUT", "/api/user/42/points", &[]);
    assert_eq!(reqs[0].body_text(), "1500");
    assert_eq!(reqs[0].header("content-type"), Some("application/json"));

    assert_request(&reqs[1], "PUT", "/api/users/42/profile/image", &[("FileName", "me.png")]);
    assert_eq!(reqs[1].header("content-type"), Some("image/png"));
    assert_eq!(&reqs[1].body[..], &[0x89, b'P', b'N', b'G', 0, 1, 2]);

    assert_request(
        &reqs[2],
        "PUT",
        "/api/users/status",
        &[("Action", "deactivate"), ("UserIDCSV", "4,5,6"), ("Reason", "left the company")],
    );
}

#[tokio::test]
async fn content_get_decodes_enums_and_keeps_unknown_values() {
    let server = TestServer::start(|_, _| async {
        envelope(json!({
            "ContentID": 110086, "EntityType": 4, "ContentTypeID": 99, "ContentTitle": "Release notes",
            "StatusID": "1", "TagsCSV": "rust,api", "DateCreated": "2025-10-20T16:07:36.817", "Rating": 4.5
        }))
    })
    .await;
    let c = server.client().content().get(ContentId(110086)).culture("en-US").await.unwrap();
    assert_request(&server.only_request(), "GET", "/api/content/110086", &[("Culture", "en-US")]);
    assert_eq!(c.content_id, ContentId(110086));
    assert_eq!(c.entity_type, Some(types::EntityType::Blog));
    assert_eq!(c.content_type_id, Some(types::EntityType::Unknown(99)), "an unknown enum value is kept");
    assert_eq!(c.status_id, Some(types::EntityStatus::Published));
    assert_eq!(c.tags_csv.as_deref(), Some("rust,api"), "the comma-separated tags as sent");
    assert_eq!(c.rating, Some(4.5));
    assert_eq!(c.date_created, Some(date(2025, 10, 20).and_hms_milli_opt(16, 7, 36, 817).unwrap().into()));
}

#[tokio::test]
async fn content_multipart_upload_and_csv_ids() {
    // The attachment upload answers an object; list_by_ids answers a list of content items.
    let server = TestServer::start(|_, n| async move {
        if n == 0 { envelope(json!({"AttachmentID": 5})) } else { envelope(json!([{"ContentID": 1018}])) }
    })
    .await;
    let client = server.client();
    let file = axero::Upload::new("report.pdf", &b"%PDF-1.7 hello"[..]).with_content_type("application/pdf");
    let added = client
        .content()
        .add_attachment(ContentId(110086), types::ContentAttachmentType::Attachment, types::EntityType::Article, file)
        .await
        .unwrap();
    assert_eq!(added, json!({"AttachmentID": 5}));
    client.content().list_by_ids(&[ContentId(1018), ContentId(1030)]).await.unwrap();

    let reqs = server.requests();
    assert_request(
        &reqs[0],
        "POST",
        "/api/content/110086/attachments",
        &[("AttachmentType", "1"), ("EntityTypeID", "3")],
    );
    let content_type = reqs[0].header("content-type").unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = reqs[0].body_text();
    assert!(body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"report.pdf\""), "{body}");
    assert!(body.contains("Content-Type: application/pdf"), "{body}");
    assert!(body.contains("%PDF-1.7 hello"), "{body}");
    assert_request(&reqs[1], "GET", "/api/content", &[("ContentIDCSV", "1018,1030")]);
}

#[tokio::test]
async fn content_create_returns_the_new_id() {
    let server = TestServer::start(|_, _| async {
        json(200, json!({"IsError": false, "ResponseMessage": "ToBePublished", "ResponseData": 110090}))
    })
    .await;
    let body = types::NewContent {
        space_id: Some(SpaceId(77)),
        content_title: Some("Hello".into()),
        content_body: Some("<p>Hi</p>".into()),
        tags_csv: vec!["a".into(), "b".into()],
        ..types::NewContent::new(types::EntityType::Article)
    };
    let id = server.client().content().create(&body).await.unwrap();
    assert_eq!(id, ContentId(110090));
    let r = server.only_request();
    assert_request(&r, "POST", "/api/content", &[]);
    let sent = r.body_json();
    assert_eq!(sent["EntityType"], json!(3));
    assert_eq!(sent["SpaceID"], json!(77));
    assert_eq!(sent["ContentTitle"], json!("Hello"));
    assert_eq!(sent["TagsCSV"], json!("a,b"));
    assert!(sent.get("CategoryID").is_none(), "absent options are left out: {sent}");
}

#[tokio::test]
async fn spaces_members_and_bulk_add() {
    let server = TestServer::start(|req, _| async move {
        if req.method == "GET" { page(json!([{"UserID": 12, "UserName": "grace"}]), 1) } else { envelope(json!(true)) }
    })
    .await;
    let client = server.client();
    let members = client.spaces().list_members(SpaceId(77)).search_key_word("gr").await.unwrap();
    assert_eq!(members.items[0].user_name.as_deref(), Some("grace"));
    assert_eq!(members.total, Some(1));
    client.spaces().add_members(&[SpaceId(5), SpaceId(6)], &[UserId(12), UserId(13)]).await.unwrap();
    let reqs = server.requests();
    assert_request(
        &reqs[0],
        "GET",
        "/api/spaces/77/users",
        &[("SearchKeyWord", "gr"), ("StartPage", "1"), ("PageLength", "30")],
    );
    assert_request(&reqs[1], "POST", "/api/spaces/users", &[("SpaceIDCSV", "5,6"), ("UserIDCSV", "12,13")]);
}

#[tokio::test]
async fn comments_create_sends_the_object_and_returns_the_id() {
    let server = TestServer::start(|_, _| async { envelope(json!(501)) }).await;
    let body = axero::types::NewComment {
        parent_comment_id: Some(CommentId(500)),
        ..types::NewComment::new("<p>Agreed</p>".into(), 110086, types::EntityType::Article)
    };
    assert_eq!(server.client().comments().create(&body).await.unwrap(), CommentId(501));
    let r = server.only_request();
    assert_request(&r, "POST", "/api/comments", &[]);
    assert_eq!(
        r.body_json(),
        json!({"CommentText": "<p>Agreed</p>", "EntityID": 110086, "EntityType": 3, "ParentCommentID": 500})
    );
}

#[tokio::test]
async fn chat_csv_and_string_bodies_and_camel_case_fields() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = server.client();
    client.chat().add_participants(ThreadId(31), &[UserId(1), UserId(3)]).await.unwrap();
    client.chat().update_message(MessageId(9), "edited text").await.unwrap();
    client.chat().mark_threads_read(&types::ChatThreadsRead::new(vec![ThreadId(31), ThreadId(32)])).await.unwrap();
    let reqs = server.requests();
    assert_request(&reqs[0], "POST", "/api/chat/threads/31/participants", &[]);
    assert_eq!(reqs[0].body_text(), "\"1,3\"", "a CSV list as a bare JSON string");
    assert_request(&reqs[1], "PUT", "/api/chat/messages/9", &[]);
    assert_eq!(reqs[1].body_text(), "\"edited text\"");
    assert_request(&reqs[2], "PUT", "/api/chat/threads/readstatus", &[]);
    assert_eq!(reqs[2].body_json(), json!({"threadIDCSV": "31,32"}));
}

#[tokio::test]
async fn permissions_access_map() {
    // The map's values may arrive as booleans or as strings.
    let server = TestServer::start(|_, _| async { envelope(json!({"create": true, "update": "false"})) }).await;
    let access = server
        .client()
        .permissions()
        .get_access(types::EntityType::Space, &["create".to_owned(), "update".to_owned()])
        .space_id(SpaceId(77))
        .await
        .unwrap();
    assert_eq!(access.get("create"), Some(&true));
    assert_eq!(access.get("update"), Some(&false));
    assert_request(
        &server.only_request(),
        "GET",
        "/api/permissions/access",
        &[("EntityType", "13"), ("PermissionsCsv", "create,update"), ("SpaceID", "77")],
    );
}

#[tokio::test]
async fn a_new_id_sent_as_a_string_is_accepted() {
    let server = TestServer::start(|_, _| async { envelope(json!("110091")) }).await;
    let body = types::NewContent::new(types::EntityType::Wiki);
    assert_eq!(server.client().content().create(&body).await.unwrap(), ContentId(110091));
}

#[tokio::test]
async fn recognition_award_is_a_post_with_query_only() {
    let server = TestServer::start(|_, _| async { envelope(json!(true)) }).await;
    let reply = server.client().recognition().give_award(UserId(12), AwardId(900), "Great release").await.unwrap();
    assert_eq!(reply, json!(true));
    let r = server.only_request();
    assert_request(
        &r,
        "POST",
        "/api/recognition",
        &[("AwardContentID", "900"), ("Reason", "Great release"), ("ToUserID", "12")],
    );
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn analytics_dates_in_iso_format() {
    let server = TestServer::start(|_, _| async { envelope(json!(42)) }).await;
    let count = server
        .client()
        .analytics()
        .count_content(types::AnalyticsAction::View)
        .from_date(date(2025, 1, 31))
        .to_date(date(2025, 2, 28))
        .content_type_csv(&[types::EntityType::Article, types::EntityType::Blog])
        .await
        .unwrap();
    assert_eq!(count, json!(42));
    assert_request(
        &server.only_request(),
        "GET",
        "/api/analytics/content/count",
        &[("Action", "64"), ("ContentTypeCSV", "3,4"), ("FromDate", "2025-01-31"), ("ToDate", "2025-02-28")],
    );
}

#[tokio::test]
async fn cases_create_and_get() {
    let server = TestServer::start(|req, _| async move {
        if req.method == "POST" {
            envelope(json!(3001))
        } else {
            envelope(json!({"IssueID": 3001, "IssueTitle": "Printer on fire", "IssueStatusName": "Open", "CommentCount": "2"}))
        }
    })
    .await;
    let client = server.client();
    let new = types::NewCase {
        assigned_to_user_id: Some(UserId(12)),
        ..types::NewCase::new("Printer on fire".into(), SpaceId(77))
    };
    let id = client.cases().create(&new).await.unwrap();
    let case = client.cases().get(id).await.unwrap();
    assert_eq!(case.issue_id, CaseId(3001));
    assert_eq!(case.issue_title.as_deref(), Some("Printer on fire"));
    assert_eq!(case.comment_count, Some(2));
    let reqs = server.requests();
    assert_request(&reqs[0], "POST", "/api/cases", &[]);
    assert_eq!(reqs[0].body_json(), json!({"IssueTitle": "Printer on fire", "SpaceID": 77, "AssignedToUserID": 12}));
    assert_request(&reqs[1], "GET", "/api/cases/3001", &[]);
}

#[tokio::test]
async fn events_dates_in_us_format_and_enum_bodies() {
    let server = TestServer::start(|req, _| async move {
        if req.method == "GET" {
            page(json!([{"EventID": 5, "Title": "Town hall", "IsAllDay": "false", "AttendanceType": 77}]), 1)
        } else {
            envelope(json!(null))
        }
    })
    .await;
    let client = server.client();
    let events = client
        .events()
        .list()
        .start_date(date(2025, 9, 1))
        .attendance_type(types::AttendanceType::Maybe)
        .await
        .unwrap();
    assert_eq!(events.items[0].event_id, EventId(5));
    assert_eq!(events.items[0].title.as_deref(), Some("Town hall"));
    assert_eq!(events.items[0].is_all_day, Some(false));
    client.events().set_my_rsvp_status(EventId(5), types::AttendanceType::Attending).await.unwrap();
    let reqs = server.requests();
    assert_request(
        &reqs[0],
        "GET",
        "/api/events",
        &[("StartDate", "09/01/2025"), ("AttendanceType", "2"), ("StartPage", "1"), ("PageLength", "30")],
    );
    assert_request(&reqs[1], "PUT", "/api/events/5/rsvp/me/status", &[]);
    assert_eq!(reqs[1].body_text(), "1");
}

#[tokio::test]
async fn files_multipart_upload_with_query() {
    // The new file's id comes back as ResponseData (the mobile app reads it so).
    let server = TestServer::start(|_, _| async { envelope(json!(88)) }).await;
    let file = axero::Upload::new("plan.xlsx", vec![1u8, 2, 3, 4]);
    let reply = server
        .client()
        .files()
        .upload(DirectoryId(14), "plan.xlsx", file)
        .tags(&["q3".to_owned(), "plan".to_owned()])
        .await
        .unwrap();
    assert_eq!(reply, ContentId(88));
    let r = server.only_request();
    assert_request(
        &r,
        "POST",
        "/api/files",
        &[("FileDirectoryID", "14"), ("FileName", "plan.xlsx"), ("tags", "q3,plan")],
    );
    let body = String::from_utf8_lossy(&r.body).into_owned();
    assert!(body.contains("name=\"file\"; filename=\"plan.xlsx\""), "{body}");
    assert!(body.contains("Content-Type: application/octet-stream"), "{body}");
}

#[tokio::test]
async fn tasks_update_is_a_post() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let update =
        types::TaskUpdate { task_name: Some("Ship it".into()), task_estimated_hours: Some(1.5), ..Default::default() };
    server.client().tasks().update(TaskId(61), &update).await.unwrap();
    let r = server.only_request();
    assert_request(&r, "POST", "/api/tasks/61", &[]);
    assert_eq!(r.body_json(), json!({"TaskName": "Ship it", "TaskEstimatedHours": 1.5}));
}

#[tokio::test]
async fn wall_post_and_read_back() {
    let server = TestServer::start(|req, _| async move {
        if req.method == "POST" {
            envelope(json!(4100))
        } else {
            envelope(json!({"WallID": 4100, "ActivityEntityTypeID": 10, "LikeCount": "3", "CanBeLiked": true}))
        }
    })
    .await;
    let client = server.client();
    let post = types::NewWallPost { space_id: Some(SpaceId(77)), ..types::NewWallPost::new("Hello, team".into()) };
    assert_eq!(client.wall().create(&post).await.unwrap(), WallId(4100));
    let activity = client.wall().get(WallId(4100)).await.unwrap();
    assert_eq!(activity.wall_id, Some(WallId(4100)));
    assert_eq!(activity.activity_entity_type_id, Some(types::EntityType::WallPost));
    assert_eq!(activity.like_count, Some(3));
    let reqs = server.requests();
    assert_request(&reqs[0], "POST", "/api/wall", &[]);
    assert_eq!(reqs[0].body_json(), json!({"WallText": "Hello, team", "SpaceID": 77}));
    assert_request(&reqs[1], "GET", "/api/wall/4100", &[]);
}

#[tokio::test]
async fn notifications_mark_read_and_send() {
    let server = TestServer::start(|_, _| async { envelope(json!(true)) }).await;
    let client = server.client();
    client.notifications().mark_read().notification_id_csv(&[1, 2]).await.unwrap();
    let new = types::NewNotification::new(6, 110086, types::EntityType::Article, vec![UserId(12), UserId(13)]);
    client.notifications().send(&new).await.unwrap();
    let reqs = server.requests();
    assert_request(&reqs[0], "POST", "/api/notifications/read", &[("NotificationIDCSV", "1,2")]);
    assert_request(&reqs[1], "POST", "/api/notifications", &[]);
    assert_eq!(
        reqs[1].body_json(),
        json!({"ActivityAction": 6, "EntityID": 110086, "EntityType": 3, "ToUserIDCSV": "12,13"})
    );
}

#[tokio::test]
async fn platform_index_rebuild_sends_a_list_of_enums() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let types = [types::EntityType::Article, types::EntityType::Blog, types::EntityType::Event];
    server.client().platform().build_search_index(&types).is_rebuild_all(true).await.unwrap();
    let r = server.only_request();
    assert_request(&r, "POST", "/api/admin/buildindex", &[("IsRebuildAll", "true")]);
    assert_eq!(r.body_text(), "[3,4,5]");
}

#[tokio::test]
async fn polls_vote() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    server.client().polls().vote(PollId(70), 3).await.unwrap();
    let r = server.only_request();
    assert_request(&r, "POST", "/api/polls/70/choices/3", &[]);
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn copilot_chat_uses_camel_case() {
    // The answer as Axero's documentation page (view/105780) shows its fields.
    let answer = json!({"Conversation_id": "c-1", "Response_id": "r-1", "Message": {"text": "42"}, "Logs": ["l"]});
    let server = TestServer::start(move |_, _| {
        let answer = answer.clone();
        async move { envelope(answer) }
    })
    .await;
    let reply = server.client().copilot().chat(&types::CopilotMessage::new("What is new?".into())).await.unwrap();
    assert_eq!((reply.conversation_id.as_deref(), reply.response_id.as_deref()), (Some("c-1"), Some("r-1")));
    assert_eq!((reply.message, reply.logs), (Some(json!({"text": "42"})), vec!["l".to_owned()]));
    let r = server.only_request();
    assert_request(&r, "POST", "/api/chatbot/chat", &[]);
    assert_eq!(r.body_json(), json!({"message": "What is new?"}));
}

/// A server for paged endpoints: `total` items, numbered from 1, served by whichever page parameter
/// the request carries (`StartPage`, `PageNumber` or `Page`) and `PageLength`.
async fn paged_server(total: usize) -> TestServer {
    TestServer::start(move |req, _| async move {
        let q = req.query_pairs();
        let get = |names: &[&str]| {
            q.iter().find(|(k, _)| names.contains(&k.as_str())).and_then(|(_, v)| v.parse::<usize>().ok())
        };
        let number = get(&["StartPage", "PageNumber", "Page"]).unwrap_or(1);
        let length = get(&["PageLength"]).unwrap_or(30);
        let items: Vec<serde_json::Value> = ((number - 1) * length + 1..=(number * length).min(total))
            .map(|n| {
                json!({"UserID": n, "ContentID": n, "CommentID": n, "IssueID": n, "EventID": n, "ResourceID": n,
                       "WallID": n, "EntityID": n, "SpaceID": n, "Id": n})
            })
            .collect();
        page(json!(items), total as u64)
    })
    .await
}

/// Checks that a stream fetched 25 items as pages 1, 2, 3 of 10, each with the right page parameter.
fn assert_paged(server: &TestServer, ids: Vec<i64>, page_param: &str) {
    assert_eq!(ids, (1..=25).collect::<Vec<i64>>(), "every item once, in order");
    let reqs = server.requests();
    assert_eq!(
        reqs.len(),
        3,
        "3 pages of 10 for 25 items: {:?}",
        reqs.iter().map(|r| r.query.clone()).collect::<Vec<_>>()
    );
    for (i, r) in reqs.iter().enumerate() {
        let q = r.query_pairs();
        assert!(q.contains(&(page_param.to_owned(), (i + 1).to_string())), "{page_param} in {q:?}");
        assert!(q.contains(&("PageLength".to_owned(), "10".to_owned())), "PageLength in {q:?}");
        assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
}

fn json_id(v: &serde_json::Value) -> i64 {
    v["Id"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn every_category_that_pages_streams_all_pages() {
    let c = |s: &TestServer| s.client();

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).users().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|u| i64::from(u.user_id.0)).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).users().list_connections(UserId(7)).page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|u| i64::from(u.user_id.0)).collect(), "Page");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).content().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|x| i64::from(x.content_id.0)).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> =
        c(&s).content().list_announcements(SpaceId(77)).page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|a| i64::from(a.entity_id.unwrap_or(-1))).collect(), "PageNumber");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).spaces().list_members(SpaceId(77)).page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|u| i64::from(u.user_id.0)).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).comments().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|x| i64::from(x.comment_id.0)).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).cases().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|x| i64::from(x.issue_id.0)).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).events().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|x| i64::from(x.event_id.0)).collect(), "StartPage");

    let s = paged_server(25).await;
    // `files.list` answers `[json]` (spec/files.yaml says why): the ids are read from the values.
    let v: Vec<_> = c(&s).files().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|x| x["ContentID"].as_i64().unwrap_or_default()).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).notifications().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|x| i64::from(x.entity_id.unwrap_or(-1))).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).polls().list().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(json_id).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).recognition().list_challenges().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(json_id).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).analytics().list_search_queries().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(json_id).collect(), "StartPage");

    let s = paged_server(25).await;
    let v: Vec<_> = c(&s).wall().list_activity().page_length(10).stream().try_collect().await.unwrap();
    assert_paged(&s, v.iter().map(|x| i64::from(x.wall_id.map_or(-1, |w| w.0))).collect(), "StartPage");
}

#[tokio::test]
async fn a_stream_stops_at_the_page_cap_with_an_error() {
    // A server that claims there is always more.
    let server = TestServer::start(|_, _| async {
        page(json!((0..10).map(|n| json!({"UserID": n})).collect::<Vec<_>>()), 1_000_000)
    })
    .await;
    let mut stream = server.client().users().list().page_length(10).stream().max_pages(3);
    let mut items = 0;
    let err = loop {
        match stream.try_next().await {
            Ok(Some(_)) => items += 1,
            Ok(None) => panic!("ended without reporting the cap"),
            Err(e) => break e,
        }
    };
    assert_eq!(items, 30);
    assert!(matches!(err, axero::Error::PageLimit { pages: 3, items: 30, .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3);
    assert!(stream.try_next().await.unwrap().is_none(), "the stream ends after the error");
}

#[tokio::test]
async fn a_stream_stops_at_a_short_page_without_a_total() {
    let server = TestServer::start(|req, _| async move {
        let page_no = req.query_pairs().into_iter().find(|(k, _)| k == "StartPage").map(|(_, v)| v).unwrap_or_default();
        let n = if page_no == "1" { 10 } else { 4 };
        envelope(json!((0..n).map(|i| json!({"UserID": i})).collect::<Vec<_>>()))
    })
    .await;
    let all: Vec<_> = server.client().users().list().page_length(10).stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 14);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn constants_headers_and_formatted_body_dates() {
    let server = TestServer::start(|_, _| async { envelope(json!({"Company": "Axero", "First name": "Ada"})) }).await;
    let client = server.client();
    // A constant query parameter: always sent, never an argument.
    let fields = client
        .users()
        .get_profile_fields(UserId(1496))
        .fields(&["Company".to_owned(), "First name".to_owned()])
        .await
        .unwrap();
    assert_eq!(fields["Company"], json!("Axero"));
    client.users().delete_and_reassign(UserId(1496), "grace").await.unwrap();
    client.content().copy_to(SpaceId(78), ContentId(110086), types::EntityType::Wiki).await.unwrap();
    // A request header, and raw bytes.
    let image = axero::Upload::new("cover.jpg", vec![0xff, 0xd8]).with_content_type("image/jpeg");
    client.content().set_image_bytes(ContentId(110086), "cover.jpg", image).await.unwrap();
    // A date field sent in the US format.
    let task = types::NewTask { task_due_date: Some(date(2025, 10, 20)), ..types::NewTask::new("Ship".into()) };
    client.tasks().create(&task).await.unwrap();

    let reqs = server.requests();
    assert_request(&reqs[0], "GET", "/api/content/1496", &[("ContentTypeID", "15"), ("Fields", "Company,First name")]);
    assert_request(&reqs[1], "PUT", "/api/users/1496", &[("ReassignOption", "2"), ("ReplacementUsername", "grace")]);
    assert_request(
        &reqs[2],
        "PUT",
        "/api/content/110086/move",
        &[("CopyContent", "true"), ("EntityType", "9"), ("SpaceID", "78")],
    );
    assert_request(&reqs[3], "POST", "/api/content/110086/image", &[]);
    assert_eq!(reqs[3].header("filename"), Some("cover.jpg"));
    assert_eq!(reqs[3].header("content-type"), Some("image/jpeg"));
    assert_eq!(&reqs[3].body[..], &[0xff, 0xd8]);
    assert_request(&reqs[4], "POST", "/api/tasks", &[]);
    assert_eq!(reqs[4].body_json(), json!({"TaskName": "Ship", "TaskDueDate": "10/20/2025"}));
}

#[tokio::test]
async fn constant_body_fields_are_always_sent() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = server.client();
    client.tasks().add_followers(&types::TaskFollowers::new(61, vec![UserId(7), UserId(8)])).await.unwrap();
    let custom = types::NewCustomNotification::new("Please review".into(), vec![UserId(12)], "/spaces/77".into());
    client.notifications().send_custom(&custom).await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs[0].body_json(), json!({"EntityID": 61, "EntityType": 39, "UserIDsCSV": "7,8"}));
    assert_eq!(reqs[1].body_json()["IsCustom"], json!(true));
    assert_eq!(reqs[1].body_json()["Url"], json!("/spaces/77"));
}

#[tokio::test]
async fn additional_fields_survive_a_read_modify_write() {
    let server = TestServer::start(|req, _| async move {
        if req.method == "GET" {
            envelope(json!({"StatusID": 1, "WidgetLayoutString": "[]", "PageTitle": "Home", "Theme": {"dark": true}}))
        } else {
            envelope(json!(null))
        }
    })
    .await;
    let client = server.client();
    let mut page = client.platform().get_page(PageId(12)).await.unwrap();
    assert_eq!(page.status_id, Some(types::EntityStatus::Published));
    assert_eq!(page.additional_fields["PageTitle"].value(), json!("Home"));
    assert_eq!(page.additional_fields["Theme"].get(), r#"{"dark":true}"#, "kept as its JSON text");
    page.widget_layout_string = Some("[{}]".into());
    client.platform().update_page(PageId(12), &page).await.unwrap();
    let sent = server.requests()[1].body_json();
    assert_eq!(
        sent,
        json!({"StatusID": 1, "WidgetLayoutString": "[{}]", "PageTitle": "Home", "Theme": {"dark": true}})
    );
}

/// A field the spec marks `sensitive:` (a password) is sent as written but never shown: the generated
/// `Debug` of its struct shows `[redacted]` in its place and every other field as derived.
#[tokio::test]
async fn a_sensitive_field_is_sent_but_never_shown() {
    let server = TestServer::start(|_, _| async { envelope(json!("key-1")) }).await;
    let client = axero::Client::builder().base_url(&server.url).bearer_token(TOKEN).build().unwrap();
    let credentials = types::UserCredentials::new("hunter2-secret".into(), "ada".into());
    let shown = format!("{credentials:?}");
    assert!(!shown.contains("hunter2-secret"), "{shown}");
    assert!(shown.contains("password: [redacted]") && shown.contains("user_name: \"ada\""), "{shown}");
    assert_eq!(client.users().sign_in(&credentials).await.unwrap(), "key-1");
    let sent: serde_json::Value = serde_json::from_slice(&server.only_request().body).unwrap();
    assert_eq!(sent["Password"], "hunter2-secret");
}

/// A path from a log finds its endpoint and the call that sends it, through the generated table of
/// every endpoint: with an id in it, without the leading slash, with the site and the query.
#[test]
fn a_path_from_a_log_finds_its_endpoint() {
    let found = axero::Client::find_endpoint("GET /api/users/42/details").expect("an endpoint");
    assert_eq!((found.template, found.call), ("/api/users/{UserID}/details", "users().get"));
    assert_eq!(found.method, axero::runtime::Method::GET);
    let call = |line: &str| axero::Client::find_endpoint(line).map(|o| o.call);
    assert_eq!(call("api/users/42/details"), Some("users().get"));
    assert_eq!(call("https://intranet.example.com/api/users/me?LogView=true"), Some("users().me"));
    assert_eq!(call("DELETE /api/nothing/here"), None);
}
