//! What the public sources show about the wire, over real HTTP on loopback (issue 11): responses that
//! come without the envelope, update bodies sent as a JSON string (the exact bytes), every query
//! parameter the Postman collection lists that the spec once lacked (under its exact wire name), dates
//! in the format Postman's examples use, and the two captured `GET /api/content/list` responses decoded
//! through the client and encoded again without losing a key or a value. And (issue 17) what every
//! response of the spec rests on.

use axero::ids::*;
use axero::types::{self, AttendanceType, EntityType};
use axero_tests::{Recorded, TestServer, envelope, json};
use serde_json::json;

/// Starts a server that answers every request with `ResponseData: null`, makes one call with a client
/// of it, and returns the request the server saw. The call's result is not looked at: these tests are
/// about what is sent.
macro_rules! sent {
    (|$c:ident| $call:expr) => {{
        let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
        let $c = server.client();
        let _ = ($call).await;
        server.only_request()
    }};
}

/// The value of query parameter `key`, matched exactly (wire names are case-sensitive here).
fn query(r: &Recorded, key: &str) -> Option<String> {
    r.query_pairs().into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn date(y: i32, m: u32, d: u32) -> axero::Date {
    axero::Date::from_ymd_opt(y, m, d).unwrap()
}

// ---- Envelope: responses the sources read without it ------------------------------------------------

#[tokio::test]
async fn countries_and_states_decode_as_bare_arrays_and_in_the_envelope() {
    let server = TestServer::start(|r, _| async move {
        match r.path.as_str() {
            "/api/countries" => json(200, json!([{"CountryID": 1, "CountryName": "France"}, {"CountryID": "2"}])),
            _ => json(200, json!([{"StateID": 7, "StateName": "Texas"}])),
        }
    })
    .await;
    let client = server.client();
    let countries = client.events().list_countries().await.unwrap();
    assert_eq!(countries.len(), 2);
    assert_eq!(countries[0].country_id, CountryId(1));
    assert_eq!(countries[0].country_name.as_deref(), Some("France"));
    assert_eq!(countries[1].country_id, CountryId(2));
    let states = client.events().list_states(CountryId(1)).await.unwrap();
    assert_eq!(states[0].state_id, StateId(7));
    assert_eq!(states[0].state_name.as_deref(), Some("Texas"));

    // The envelope is still accepted, and its error flag still fails the call.
    let wrapped = TestServer::start(|_, n| async move {
        if n == 0 {
            envelope(json!([{"CountryID": 3, "CountryName": "Peru"}]))
        } else {
            json(200, json!({"IsError": true, "ResponseMessage": "no access", "ResponseData": null}))
        }
    })
    .await;
    let countries = wrapped.client().events().list_countries().await.unwrap();
    assert_eq!(countries[0].country_id, CountryId(3));
    let err = wrapped.client().events().list_states(CountryId(1)).await.unwrap_err();
    assert!(matches!(err, axero::Error::Api { ref message, .. } if message == "no access"), "{err:?}");
}

#[tokio::test]
#[allow(deprecated)] // list_mine_legacy is the older path, deprecated for list_mine
async fn my_spaces_on_the_legacy_path_decode_as_a_bare_array() {
    let server =
        TestServer::start(|_, _| async { json(200, json!([{"SpaceID": 5, "SpaceName": "HR", "SpaceVisibility": 1}])) })
            .await;
    let spaces = server.client().spaces().list_mine_legacy().await.unwrap();
    assert_eq!(spaces.len(), 1);
    assert_eq!(spaces[0].space_id, Some(SpaceId(5)));
    assert_eq!(spaces[0].space_name.as_deref(), Some("HR"));
    assert_eq!(server.only_request().path, "/api/users/me/spaces");
}

#[tokio::test]
async fn a_page_builder_page_decodes_as_a_bare_object_and_in_the_envelope() {
    let page = json!({
        "PageID": 12,
        "PageName": "Home",
        "StatusID": 1,
        "LayoutVersion": 3,
        "WidgetsFlattened": [{"WidgetID": 90, "WidgetTypeID": 18, "WidgetTitle": "Banner"}],
    });
    let bare = page.clone();
    let server = TestServer::start(move |_, n| {
        let bare = bare.clone();
        async move { if n == 0 { json(200, bare) } else { envelope(bare) } }
    })
    .await;
    for _ in 0..2 {
        let got = server.client().platform().get_page(PageId(12)).await.unwrap();
        assert_eq!((got.page_id, got.page_name.as_deref()), (Some(PageId(12)), Some("Home")));
        assert_eq!(got.status_id, Some(types::EntityStatus::Published));
        assert_eq!(got.widgets_flattened.len(), 1);
        assert_eq!(got.widgets_flattened[0].widget_title.as_deref(), Some("Banner"));
        assert_eq!(got.widgets_flattened[0].widget_type_id, Some(types::PageBuilderWidgetType::RawHtml));
        // What the type does not list is kept, not dropped.
        assert_eq!(got.additional_fields.get("LayoutVersion").map(axero::RawJson::value), Some(json!(3)));
    }
}

// ---- Bodies sent as a JSON string holding the JSON object ------------------------------------------

#[tokio::test]
async fn content_comment_and_bookmark_updates_send_a_json_string() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = server.client();
    let update = types::ContentUpdate { content_title: Some("A \"new\" title".into()), ..Default::default() };
    client.content().update(ContentId(9740), &update).await.unwrap();
    let comment =
        types::CommentUpdate { comment_text: "<p>Great tips</p>".into(), additional_fields: Default::default() };
    client.comments().update(CommentId(178), &comment).await.unwrap();
    let bookmark = types::ContentBookmark {
        title: Some("Blogging".into()),
        description: Some("Article on blogging".into()),
        ..Default::default()
    };
    client.content().update_bookmark(ContentId(33), EntityType::Article, &bookmark).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!((requests[0].method.as_str(), requests[0].path.as_str()), ("PUT", "/api/content/9740"));
    assert_eq!(requests[0].body_text(), r#""{\"ContentTitle\":\"A \\\"new\\\" title\"}""#);
    assert_eq!(requests[1].path, "/api/comments/178");
    assert_eq!(requests[1].body_text(), r#""{\"CommentText\":\"<p>Great tips</p>\"}""#);
    assert_eq!(requests[2].path, "/api/content/33/bookmarks");
    assert_eq!(query(&requests[2], "entitytype").as_deref(), Some("3"));
    assert_eq!(requests[2].body_text(), r#""{\"Description\":\"Article on blogging\",\"Title\":\"Blogging\"}""#);
    for r in &requests {
        assert_eq!(r.header("content-type"), Some("application/json"), "{}", r.path);
        // The body is one JSON string whose text is the object.
        let inner: serde_json::Value = serde_json::from_str(r.body_json().as_str().unwrap()).unwrap();
        assert!(inner.is_object(), "{}", r.path);
    }
}

#[tokio::test]
async fn event_and_case_updates_and_status_bodies_send_what_postman_sends() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = server.client();
    let event = types::EventUpdate { title: Some("Workshop".into()), ..Default::default() };
    client.events().update(EventId(5), &event).await.unwrap();
    let case = types::CaseUpdate { issue_title: Some("Unable to load".into()), ..Default::default() };
    client.cases().update(CaseId(6), &case).await.unwrap();
    client.content().set_status(ContentId(7), types::EntityStatus::Published).await.unwrap();
    let requests = server.requests();
    // Postman sends these two updates as plain objects.
    assert_eq!(requests[0].body_text(), r#"{"Title":"Workshop"}"#);
    assert_eq!(requests[1].body_text(), r#"{"IssueTitle":"Unable to load"}"#);
    // The content status as a JSON string, as Postman's "Set Forum Status tested" sends it.
    assert_eq!((requests[2].path.as_str(), requests[2].body_text().as_str()), ("/api/content/7/status", r#""1""#));
}

#[tokio::test]
async fn deleting_copilot_feedback_sends_no_body() {
    let r = sent!(|c| c.copilot().delete_feedback("c-1", "r-2"));
    assert_eq!((r.method.as_str(), r.path.as_str()), ("DELETE", "/api/chatbot/chat/c-1/response/r-2/feedback"));
    assert!(r.body.is_empty(), "{:?}", r.body_text());
}

// ---- Query parameters under Postman's wire names ---------------------------------------------------

/// Every endpoint that gained a Postman parameter sends it under its exact wire name.
#[tokio::test]
async fn every_parameter_postman_lists_is_sent_under_its_wire_name() {
    let checks: Vec<(&str, Recorded, &str, &str)> = vec![
        ("cases.get", sent!(|c| c.cases().get(CaseId(1)).log_view(true)), "LogView", "true"),
        ("cases.list", sent!(|c| c.cases().list().log_view(true)), "LogView", "true"),
        (
            "cases.list_milestones",
            sent!(|c| c.cases().list_milestones(SpaceId(1), ProjectId(2)).log_view(true)),
            "LogView",
            "true",
        ),
        ("content.like", sent!(|c| c.content().like(ContentId(1), EntityType::Blog)), "entityType", "4"),
        ("content.dislike", sent!(|c| c.content().dislike(ContentId(1), EntityType::Blog)), "entityType", "4"),
        (
            "content.remove_dislike",
            sent!(|c| c.content().remove_dislike(ContentId(1)).entity_type(EntityType::Blog)),
            "EntityType",
            "4",
        ),
        (
            "content.update_bookmark",
            sent!(|c| c.content().update_bookmark(ContentId(1), EntityType::Wiki, &Default::default())),
            "entitytype",
            "9",
        ),
        (
            "content.list_abuse_reports",
            sent!(|c| c.content().list_abuse_reports().space_id_csv(&[SpaceId(3), SpaceId(4)])),
            "SpaceIDCSV",
            "3,4",
        ),
        ("content.list_bookmarks", sent!(|c| c.content().list_bookmarks().log_view(true)), "LogView", "true"),
        (
            "content.list_followers",
            sent!(|c| c
                .content()
                .list_followers(ContentId(1), EntityType::Article)
                .populate_space_membership_status(true)),
            "populateSpaceMembershipStatus",
            "true",
        ),
        ("content.list_required", sent!(|c| c.content().list_required().log_view(true)), "LogView", "true"),
        (
            "content.list_workflow_queue",
            sent!(|c| c.content().list_workflow_queue(SpaceId(1), EntityType::Article).log_view(true)),
            "LogView",
            "true",
        ),
        (
            "content.vote_down",
            sent!(|c| c.content().vote_down(ContentId(41)).query_content_id(ContentId(41))),
            "ContentID",
            "41",
        ),
        (
            "content.get_by_stub",
            sent!(|c| c.content().get_by_stub(EntityType::Forum, "general").space_id(SpaceId(8))),
            "SpaceID",
            "8",
        ),
        (
            "content.get_bookmark",
            sent!(|c| c.content().get_bookmark(ContentId(1), UserId(77), EntityType::Article)),
            "UserID",
            "77",
        ),
        (
            "events.list_guest_attendees",
            sent!(|c| c.events().list_guest_attendees(EventId(153), AttendanceType::Attending)),
            "Attendance",
            "1",
        ),
        (
            "events.list_resource_types",
            sent!(|c| c.events().list_resource_types().resource_type_id(4)),
            "ResourceTypeID",
            "4",
        ),
        (
            "files.list_in_space",
            sent!(|c| c.files().list_in_space(SpaceId(1)).file_directory_id(DirectoryId(339))),
            "FileDirectoryID",
            "339",
        ),
        ("notifications.list_unread", sent!(|c| c.notifications().list_unread().page(2)), "StartPage", "2"),
        ("notifications.list_unread", sent!(|c| c.notifications().list_unread().page_length(10)), "PageLength", "10"),
        ("polls.answer_survey", sent!(|c| c.polls().answer_survey(SurveyId(1), &[]).log_view(true)), "LogView", "true"),
        ("polls.get", sent!(|c| c.polls().get(PollId(1)).log_view(true)), "LogView", "true"),
        ("polls.get_survey", sent!(|c| c.polls().get_survey(SurveyId(1)).log_view(true)), "LogView", "true"),
        ("polls.list", sent!(|c| c.polls().list().log_view(true)), "LogView", "true"),
        ("polls.list_surveys", sent!(|c| c.polls().list_surveys().log_view(true)), "LogView", "true"),
        ("spaces.get", sent!(|c| c.spaces().get(SpaceId(1)).log_view(true)), "LogView", "true"),
        ("tasks.get", sent!(|c| c.tasks().get(TaskId(1)).log_view(true)), "LogView", "true"),
        ("tasks.list_in_list", sent!(|c| c.tasks().list_in_list(TaskListId(1)).log_view(true)), "LogView", "true"),
        ("tasks.list_mine", sent!(|c| c.tasks().list_mine().log_view(true)), "LogView", "true"),
        ("tasks.list_space_items", sent!(|c| c.tasks().list_space_items().log_view(true)), "LogView", "true"),
        ("users.get", sent!(|c| c.users().get(UserId(1)).log_view(true)), "LogView", "true"),
        ("users.get_by_username", sent!(|c| c.users().get_by_username("bill").log_view(true)), "LogView", "true"),
        ("users.list_connections", sent!(|c| c.users().list_connections(UserId(1)).log_view(true)), "LogView", "true"),
        ("users.list_mentions", sent!(|c| c.users().list_mentions(UserId(1)).log_view(true)), "LogView", "true"),
        ("users.me", sent!(|c| c.users().me().log_view(true)), "LogView", "true"),
    ];
    for (endpoint, request, key, value) in &checks {
        assert_eq!(query(request, key).as_deref(), Some(*value), "{endpoint}: {key} in {:?}", request.query);
    }
}

#[tokio::test]
async fn bookmark_lookups_and_contradicted_guesses_send_only_postmans_parameters() {
    let r = sent!(|c| c.content().list_bookmarking_users(ContentId(5), EntityType::Article));
    assert_eq!((r.path.as_str(), r.query.as_deref()), ("/api/content/5/bookmarks", Some("EntityType=3")));
    // The search report takes SearchTerm (Postman), not the Term/UserID once guessed for it.
    let r = sent!(|c| c.analytics().list_search_content().search_term("benefits"));
    assert_eq!(query(&r, "SearchTerm").as_deref(), Some("benefits"));
    // The failed-login count takes only dates.
    let r = sent!(|c| c.analytics().count_failed_logins().from_date(date(2021, 4, 26)));
    assert_eq!(r.query.as_deref(), Some("FromDate=2021-04-26"));
}

// ---- Dates in the format of Postman's examples -----------------------------------------------------

/// Month, day, year where Postman's examples write `1/1/2024` (the client pads: `01/01/2024`, as other
/// Postman examples write `01/29/2025`); year, month, day where they write `2025-01-26`.
#[tokio::test]
async fn dates_go_out_in_the_format_postmans_examples_use() {
    let r = sent!(|c| c
        .recognition()
        .list_top_contributors(ProgramId(7089))
        .from_date(date(2024, 1, 1))
        .to_date(date(2024, 2, 1)));
    assert_eq!(
        (query(&r, "FromDate").as_deref(), query(&r, "ToDate").as_deref()),
        (Some("01/01/2024"), Some("02/01/2024"))
    );
    let r = sent!(|c| c.recognition().get_user_insights(UserId(3)).from_date(date(2024, 12, 31)));
    assert_eq!(query(&r, "FromDate").as_deref(), Some("12/31/2024"));
    let r = sent!(|c| c.content().list_unseen(SpaceId(2), &[EntityType::File]).from(date(2019, 6, 1)));
    assert_eq!(query(&r, "From").as_deref(), Some("06/01/2019"));
    let r = sent!(|c| c.notifications().list_unread().from_date(date(2025, 1, 26)).to_date(date(2025, 1, 28)));
    assert_eq!(
        (query(&r, "fromDate").as_deref(), query(&r, "toDate").as_deref()),
        (Some("2025-01-26"), Some("2025-01-28"))
    );
}

// ---- The captured responses: decoded and encoded again, nothing lost -------------------------------

/// The two captured `GET /api/content/list` responses: the anonymised copies in
/// `tests/fixtures/captured/` (from the project's `shared/reference/captured/`), so that the test needs
/// nothing beside the repository.
fn captured(name: &str) -> String {
    // The checkout this test runs in (cargo's run-time variable), and the copy of the captures it holds.
    let tests = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from).expect("cargo sets it");
    let path = tests.join("fixtures/captured").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (tests/fixtures/captured/README.md says where they come from)", path.display())
    })
}

/// A date and time as the API writes it, with or without fractional seconds.
fn datetime(s: &str) -> Option<axero::DateTime> {
    Some(axero::DateTime::parse(s)).filter(|d| d.naive().is_some())
}

/// Whether two JSON values hold the same value: numbers compare by value (`0` and `0.0`), date-times by
/// the instant they name (`…36.8170000` and `…36.817`), and a number or a boolean sent as a string by what
/// the string says. Everything else must be equal.
fn same_value(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::{Bool, Number, String};
    match (a, b) {
        (Number(x), Number(y)) => x.as_f64() == y.as_f64(),
        (String(x), String(y)) => x == y || matches!((datetime(x), datetime(y)), (Some(p), Some(q)) if p == q),
        (String(s), Number(n)) | (Number(n), String(s)) => s.trim().parse::<f64>().ok() == n.as_f64(),
        (String(s), Bool(v)) | (Bool(v), String(s)) => s.trim().eq_ignore_ascii_case(&v.to_string()),
        _ => a == b,
    }
}

/// Every difference between `original` and `encoded`, as `path: what`: a key lost or added, or a value
/// changed.
fn differences(path: &str, original: &serde_json::Value, encoded: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value::{Array, Object};
    match (original, encoded) {
        (Object(a), Object(b)) => {
            for (key, value) in a {
                match b.get(key) {
                    Some(other) => differences(&format!("{path}.{key}"), value, other, out),
                    None => out.push(format!("{path}.{key}: lost")),
                }
            }
            out.extend(b.keys().filter(|k| !a.contains_key(*k)).map(|k| format!("{path}.{k}: added")));
        }
        (Array(a), Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differences(&format!("{path}[{i}]"), x, y, out);
            }
        }
        _ if same_value(original, encoded) => {}
        _ => out.push(format!("{path}: {original} became {encoded}")),
    }
}

#[test]
fn the_comparison_normalises_representation_but_not_value() {
    let mut out = Vec::new();
    let original = json!({"A": 0, "B": "2025-10-20T11:07:36.8170000", "C": "1", "D": "x", "E": [1, "true"]});
    let encoded = json!({"A": 0.0, "B": "2025-10-20T11:07:36.817", "C": 1, "D": "x", "E": [1.0, true]});
    differences("", &original, &encoded, &mut out);
    assert!(out.is_empty(), "{out:?}");
    let changed = json!({"A": 1, "B": "2025-10-20T11:07:36.818", "C": 2, "E": [1], "F": null});
    differences("", &original, &changed, &mut out);
    assert_eq!(
        out,
        [
            ".A: 0 became 1",
            r#".B: "2025-10-20T11:07:36.8170000" became "2025-10-20T11:07:36.818""#,
            r#".C: "1" became 2"#,
            ".D: lost",
            r#".E: [1,"true"] became [1]"#,
            ".F: added"
        ]
    );
}

#[tokio::test]
async fn the_captured_content_lists_survive_a_decode_and_encode_round_trip() {
    for name in ["content-list-1.json", "content-list-2.json"] {
        let text = captured(name);
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        let body = text.clone();
        let server = TestServer::start(move |_, _| {
            let body = body.clone();
            async move { axero_tests::raw(200, "application/json; charset=utf-8", body) }
        })
        .await;
        let page = server.client().content().list().for_my_spaces(true).page_length(50).await.unwrap();
        assert_eq!(server.only_request().path, "/api/content/list");

        let items = original["ResponseData"].as_array().unwrap();
        assert_eq!(page.items.len(), items.len(), "{name}");
        assert_eq!(page.total, original["TotalRecords"].as_u64(), "{name}");
        // Every key is a declared field: nothing is left for additional_fields.
        for (i, item) in page.items.iter().enumerate() {
            assert!(item.additional_fields.is_empty(), "{name}[{i}]: {:?}", item.additional_fields.keys());
        }
        let encoded = serde_json::to_value(&page.items).unwrap();
        let mut out = Vec::new();
        differences(name, &original["ResponseData"], &encoded, &mut out);
        assert!(out.is_empty(), "{} differences, the first: {:#?}", out.len(), &out[..out.len().min(20)]);
    }
}

// ---- Responses shaped as the public clients read them ----------------------------------------------

/// A server that answers `GET`s by path, from `routes`: each a path and the whole body to send.
async fn routed(routes: Vec<(&'static str, serde_json::Value)>) -> TestServer {
    TestServer::start(move |r, _| {
        let body = routes.iter().find(|(path, _)| *path == r.path).map(|(_, b)| b.clone());
        async move { body.map_or_else(|| json(404, json!({})), |b| json(200, b)) }
    })
    .await
}

fn wrapped(data: serde_json::Value) -> serde_json::Value {
    json!({"IsError": false, "ResponseMessage": "", "ResponseData": data})
}

#[tokio::test]
async fn an_activity_stream_item_decodes_with_what_the_app_reads() {
    let item = json!({
        "ActivityEntityType": 10, "ActivityEntityID": 4100, "WallID": 4100, "UserID": "12",
        "UserDisplayName": "Ada", "DateTimeSpan": "2 hours ago", "WallTextHtmlFormatted": "<p>Hi</p>",
        "ChildNewsFeed": {"ActionText": "shared", "Subject": "Q3", "Files": [{"ContentTitle": "plan.xlsx",
            "ContentMediaUrl": "/f/1"}], "Photos": [{"ContentThumbImageFullURL": "/p/1.png"}]},
        "WallComment": [{"CommentID": 7, "WallID": 4100, "UserID": 3, "CommentTextHtmlFormatted": "<p>Yes</p>",
            "FromUserDisplayName": "Bo", "DateTimeSpan": "now"}],
        "Event": {"Title": "Offsite", "StartDateISO": "2025-10-20T09:00:00", "IsAllDay": "false"},
        "LikeDislikeCountResult": {"LikeCount": "2", "DoesCurrentUserLikes": true},
        "EntityComments": [{"CommentID": 1}], "Space": {"SpaceID": 77}, "Unlisted": "kept"
    });
    let server =
        routed(vec![("/api/wall/stream", json!({"IsError": false, "TotalRecords": 1, "ResponseData": [item]}))]).await;
    let page = server.client().wall().list_activity().space_id(SpaceId(77)).await.unwrap();
    let a = &page.items[0];
    assert_eq!(a.activity_entity_type, Some(EntityType::WallPost));
    assert_eq!((a.wall_id, a.user_id), (Some(WallId(4100)), Some(UserId(12))));
    let feed = a.child_news_feed.as_ref().unwrap();
    assert_eq!(feed.files[0].content_title.as_deref(), Some("plan.xlsx"));
    assert_eq!(feed.photos[0].content_thumb_image_full_url.as_deref(), Some("/p/1.png"));
    assert_eq!(a.wall_comment[0].comment_id, Some(CommentId(7)));
    assert_eq!(a.wall_comment[0].from_user_display_name.as_deref(), Some("Bo"));
    assert_eq!(a.event.as_ref().and_then(|e| e.is_all_day), Some(false));
    let likes = a.like_dislike_count_result.as_ref().unwrap();
    assert_eq!((likes.like_count, likes.does_current_user_likes), (Some(2), Some(true)));
    assert_eq!(a.entity_comments.len(), 1);
    assert_eq!(a.space.as_ref().and_then(|s| s.space_id), Some(SpaceId(77)));
    assert_eq!(a.additional_fields.get("Unlisted").map(axero::RawJson::value), Some(json!("kept")));
}

#[tokio::test]
async fn events_cases_tasks_and_spaces_decode_with_what_the_app_reads() {
    let server = routed(vec![
        (
            "/api/events/5",
            wrapped(json!({"EventID": 5, "Frequency": 4, "ResourceIDCSV": "1,3",
            "Users": [{"UserID": 1, "AttendanceType": 1}, {"UserID": "2", "AttendanceType": "3"}],
            "Reminders": [{"ReminderType": 1, "ReminderTime": 15}]})),
        ),
        ("/api/events/5/rsvp/me/status", json!(2)),
        (
            "/api/spaces/7/cases/projects",
            wrapped(json!([{"ProjectID": 3, "ProjectTitle": "HR", "IsDefaultProject": true}])),
        ),
        (
            "/api/spaces/7/cases/projects/3/categories",
            wrapped(json!([{"ProjectSectionID": 9, "ProjectSectionName": "Pay"}])),
        ),
        (
            "/api/case/comments",
            wrapped(json!([{"CommentID": 4, "CommentDateString": "today",
            "Attachments": [{"FileName": "a.png", "IsImage": true}]}])),
        ),
        ("/api/lists/2/tasks", wrapped(json!([{"TaskName": "Onboard", "AssignedToUserID": 641, "TaskListID": 2}]))),
        ("/api/spaces/7/entityaccess", wrapped(json!({"Article": true, "Blog": "false"}))),
        (
            "/api/chat/ui/globals",
            json!({"currentUserID": 12, "loginUrl": "/login", "CF_CHAT_NOTIFICATIONS_SOUND_ENABLED": true}),
        ),
    ])
    .await;
    let client = server.client();

    let event = client.events().get(EventId(5)).await.unwrap();
    assert_eq!(event.frequency, Some(types::EventFrequency::Monthly));
    assert_eq!(event.resource_id_csv, [ResourceId(1), ResourceId(3)]);
    assert_eq!(
        event.users.iter().map(|u| (u.user_id, u.attendance_type)).collect::<Vec<_>>(),
        [(UserId(1), Some(AttendanceType::Attending)), (UserId(2), Some(AttendanceType::NotAttending)),]
    );
    assert_eq!(event.reminders[0].reminder_time, Some(15));
    // The app reads the answer as the whole body.
    assert_eq!(client.events().get_my_rsvp_status(EventId(5)).await.unwrap(), AttendanceType::Maybe);

    let projects = client.cases().list_projects(SpaceId(7)).await.unwrap();
    assert_eq!((projects[0].project_id, projects[0].is_default_project), (ProjectId(3), Some(true)));
    let categories = client.cases().list_categories(SpaceId(7), ProjectId(3)).await.unwrap();
    assert_eq!(categories[0].project_section_name.as_deref(), Some("Pay"));
    let comments = client.comments().list_case_comments(CaseId(1)).await.unwrap();
    assert_eq!(comments[0].attachments[0].is_image, Some(true));

    let tasks = client.tasks().list_in_list(TaskListId(2)).await.unwrap();
    assert_eq!((tasks[0].task_name.as_deref(), tasks[0].assigned_to_user_id), (Some("Onboard"), Some(UserId(641))));

    let access = client.spaces().get_entity_access(SpaceId(7)).await.unwrap();
    assert_eq!((access["Article"], access["Blog"]), (true, false));
    let globals = client.chat().get_ui_globals().await.unwrap();
    assert_eq!((globals.current_user_id, globals.notification_sound_enabled), (Some(12), Some(true)));
}

#[tokio::test]
async fn creates_return_the_new_ids_the_app_reads() {
    let server = TestServer::start(|r, _| async move {
        envelope(match r.path.as_str() {
            "/api/wall" => json!(4100),
            "/api/file/directories" => json!(362),
            "/api/case/comments" => json!(55),
            _ => json!(true),
        })
    })
    .await;
    let client = server.client();
    let post = types::NewWallPost::new("Hello".into());
    assert_eq!(client.wall().create(&post).await.unwrap(), WallId(4100));
    let dir = types::NewFileDirectory::new("Icons".into());
    assert_eq!(client.files().create_directory(&dir).await.unwrap(), DirectoryId(362));
    let comment = types::NewCaseComment::new("Done".into(), CaseId(259));
    assert_eq!(client.comments().create_case_comment(&comment).await.unwrap(), CommentId(55));
    // Approving a join request answers `true`, which the app checks.
    assert!(client.spaces().approve_member(SpaceId(7), UserId(3)).await.unwrap());
}

#[tokio::test]
async fn counts_and_a_wall_file_decode_as_axeros_documentation_shows_them() {
    let server = routed(vec![
        // Axero's documentation of the active users count.
        ("/api/analytics/metrics/users/active/count", json!({"IsError": false, "ResponseData": 147})),
        ("/api/wallposts/space/77/count", wrapped(json!("12"))),
        (
            "/api/spaces/77/wall/4100/files",
            wrapped(
                json!([{"ContentID": 220, "ContentTypeID": 14, "ContentTitle": "photo.jpg", "ContentVersionID": 1}]),
            ),
        ),
    ])
    .await;
    let client = server.client();
    assert_eq!(client.analytics().count_active_users().await.unwrap(), 147);
    assert_eq!(client.wall().count_space_posts(SpaceId(77)).await.unwrap(), 12);
    let file = axero::Upload::new("photo.jpg", vec![1u8, 2, 3]);
    let stored = client.wall().add_file(SpaceId(77), WallId(4100), DirectoryId(5), file).await.unwrap();
    assert_eq!((stored[0].content_id, stored[0].content_type_id), (ContentId(220), Some(EntityType::File)));
    // The documentation writes the version as a number where the captures have a string.
    assert_eq!(stored[0].content_version_id.as_deref(), Some("1"));
}

#[tokio::test]
async fn postman_request_shapes_the_spec_once_guessed_otherwise() {
    // Tags are a comma-separated list (Postman: "Comma-separated list of tags").
    let r = sent!(|c| c.content().add_tags(SpaceId(1), 5, EntityType::Article, &["sales".to_owned(), "q3".to_owned()]));
    assert_eq!(query(&r, "Tags").as_deref(), Some("sales,q3"));
    // A video update may carry only its title, without a file, as Postman's does.
    let r = sent!(|c| c.content().update_video(ContentId(9)).content_title("New title"));
    let body = r.body_text();
    assert!(body.contains("name=\"ContentTitle\""), "{body}");
    assert!(!body.contains("filename="), "{body}");
    // The read report sorts by a documented column.
    let r = sent!(|c| c
        .content()
        .get_read_report(SpaceId(1), ContentId(9), EntityType::Article, "1")
        .sort_column(types::ReadReportSortColumn::DateConfirmed));
    assert_eq!(query(&r, "SortColumn").as_deref(), Some("2"));
}

/// Issue 17: every typed response of the spec says what it rests on, nothing that rests only on
/// inference requires a field, and every response whose shape is unverified (inferred or `json`)
/// carries an `unverified:` note.
#[test]
fn every_response_says_what_it_rests_on() {
    // The checkout the test runs in (cargo's run-time `CARGO_MANIFEST_DIR`), as the other tests do.
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo")).join("../spec");
    let sources = axero_codegen::load::read_dir(&root, "spec").expect("the spec reads");
    let ir = axero_codegen::lower_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    let untyped = |ty: &axero_codegen::ir::Ty| {
        use axero_codegen::ir::Ty;
        let mut t = ty;
        while let Ty::Option(inner) | Ty::List(inner) | Ty::Map(inner) = t {
            t = inner;
        }
        matches!(t, Ty::Json)
    };
    let (mut sourced, mut inferred, mut json) = (0, 0, 0);
    for c in &ir.categories {
        for e in &c.endpoints {
            let Some(ty) = &e.returns else { continue };
            let p = &e.provenance;
            let shape_unverified = if untyped(ty) {
                json += 1;
                true
            } else if !p.sources.is_empty() {
                sourced += 1;
                false
            } else {
                assert!(p.inferred.is_some(), "{}.{} says not what its response rests on", c.module, e.rust);
                inferred += 1;
                true
            };
            if shape_unverified {
                assert!(e.docs.unverified.is_some(), "{}.{}: an unverified shape without a note", c.module, e.rust);
            }
            if p.inferred.is_some() {
                let line = format!("The response's shape is inferred from {}", p.inferred.as_deref().unwrap_or(""));
                assert!(e.docs.lines.contains(&line), "{}.{}: the docs say what it is inferred from", c.module, e.rust);
            }
        }
    }
    assert_eq!(sourced + inferred + json, 234, "every data-returning endpoint is counted once");
    for t in std::iter::once(&ir.common).chain(ir.categories.iter().map(|c| &c.types)).flat_map(|m| &m.types) {
        if t.provenance.sources.is_empty()
            && t.provenance.inferred.is_some()
            && let axero_codegen::ir::TypeIrKind::Struct { fields, .. } = &t.kind
        {
            for f in fields {
                let optional = matches!(f.ty, axero_codegen::ir::Ty::Option(_)) || f.empty_when_absent;
                assert!(optional || f.constant.is_some(), "{}.{} is required in an inferred type", t.name, f.wire);
            }
        }
    }
}
