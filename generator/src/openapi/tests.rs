//! Unit tests of the OpenAPI export: each construct of the spec on a small spec, in both versions, shown
//! as the YAML it becomes.

use super::value::to_yaml;
use super::{Value, Version, document};
use crate::load::test_sources;

const API: &str = "\
base_url: https://{site}
auth:
  bearer: {header: Authorization}
  legacy: {header: rest-api-key, deprecated: Use the Bearer token.}
envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}
paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30, max_size: 100}
ids:
  UserId: {doc: A user account., wire: [UserID]}
  SpaceId: {doc: A space., wire: [SpaceID]}
";

const USERS: &str = "\
doc: Users.
types:
  Sort:
    enum: i32
    values:
      First: 1
      Last: {value: 2, doc: Family name.}
  Kind:
    enum: string
    values: {Plain: plain, V110: \"1.10\"}
  User:
    doc: A user account.
    fields:
      UserID: i32
      Name: string?
      Manager: {type: User?, nullable: true}
      Born: date?
      Due: {type: date?, format: us}
      Seen: datetime?
      TagsCSV: csv<string>?
      Count: {type: i32?, as_string: true}
      EntityType: {value: 39}
      Old: {type: string?, deprecated: Use Name., unverified: Seen once.}
  Note:
    additional_fields: false
    fields:
      Text: string
endpoints:
  get:
    get: /api/users/{UserID}
    doc: One user. The whole account.
    path: {UserID: i32}
    returns: User
  me:
    get: /api/users/me
    envelope: either
    returns: User
  count:
    get: /api/users/count
    envelope: never
    returns: i32
  list:
    get: /api/users
    paged: true
    query:
      UserIDCSV: csv<i32>?
      SortColumn: Sort?
    headers:
      X-Locale: string?
    returns: [User]
  list_pages:
    get: /api/users/pages
    paged: {page: Page, default_size: 20}
    returns: [User]
  feature:
    put: /api/users/feature
    doc: Features a user.
    query:
      UserID: i32
      IsFeatured: {value: true}
  unfeature:
    put: /api/users/feature
    doc: Stops featuring a user.
    query:
      UserID: i32
      IsFeatured: {value: false}
  upload_photo:
    post: /api/users/{UserID}/photo
    path: {UserID: i32}
    body:
      multipart:
        file: file
        SpaceID: i32
        Caption: string?
  set_photo_bytes:
    put: /api/users/{UserID}/photo
    path: {UserID: i32}
    body: {type: binary, name: image, doc: The image.}
  activate:
    put: /api/users/activate
    body: {type: UserId, name: user_id}
  set_count:
    put: /api/users/count
    body: {type: i32, as_string: true}
  set_active:
    put: /api/users/active
    body: {type: bool, value: true}
  update:
    put: /api/users/update
    body: {type: User, encoding: json-string}
  get_old:
    get: /api/users/old/{SpaceID}
    path: {SpaceID: i32}
    deprecated: Use get.
    unverified: Seen only in an old app.
";

fn doc(version: Version) -> Value {
    let ir = crate::lower_sources(&test_sources(&[("api", API), ("users", USERS)])).unwrap_or_else(|d| panic!("{d}"));
    document(&ir, version)
}

/// The value at `keys` (mapping keys, or list indexes).
fn at<'a>(v: &'a Value, keys: &[&str]) -> &'a Value {
    keys.iter().fold(v, |v, k| {
        let next = match v {
            Value::List(items) => k.parse::<usize>().ok().and_then(|i| items.get(i)),
            other => other.get(k),
        };
        next.unwrap_or_else(|| panic!("no `{k}` in {}", to_yaml(v).unwrap_or_default()))
    })
}

/// The YAML text of the value at `keys`.
fn yaml(v: &Value, keys: &[&str]) -> String {
    to_yaml(at(v, keys)).unwrap()
}

/// A parameter of an operation, by name.
fn param<'a>(op: &'a Value, name: &str) -> &'a Value {
    let params = at(op, &["parameters"]).as_list().unwrap();
    params.iter().find(|p| p.get("name").and_then(Value::as_str) == Some(name)).unwrap()
}

#[test]
fn a_numeric_enum_has_its_names_in_x_enum_varnames_in_3_0() {
    assert_eq!(
        yaml(&doc(Version::V3_0), &["components", "schemas", "Sort"]),
        "type: integer\nformat: int32\nenum:\n- 1\n- 2\nx-enum-varnames:\n- First\n- Last\n\
         x-enum-descriptions:\n- \"\"\n- Family name.\n"
    );
}

#[test]
fn a_numeric_enum_is_a_one_of_of_titled_constants_in_3_1() {
    assert_eq!(
        yaml(&doc(Version::V3_1), &["components", "schemas", "Sort"]),
        "type: integer\nformat: int32\noneOf:\n- const: 1\n  title: First\n\
         - const: 2\n  title: Last\n  description: Family name.\n"
    );
}

#[test]
fn a_string_enum_is_an_enum_of_its_values_as_written() {
    for version in [Version::V3_0, Version::V3_1] {
        assert_eq!(
            yaml(&doc(version), &["components", "schemas", "Kind"]),
            "type: string\nenum:\n- \"1.10\"\n- plain\nx-enum-varnames:\n- V110\n- Plain\n"
        );
    }
}

#[test]
fn an_id_is_a_named_integer_schema_that_parameters_and_fields_refer_to() {
    let d = doc(Version::V3_1);
    assert_eq!(
        yaml(&d, &["components", "schemas", "UserId"]),
        "type: integer\nformat: int32\nx-axero-id: UserId\ndescription: |-\n  A user account.\n\n  Carried by `UserID`.\n"
    );
    let get = at(&d, &["paths", "/api/users/{UserID}", "get"]);
    assert_eq!(
        to_yaml(param(get, "UserID")).unwrap(),
        "name: UserID\nin: path\nrequired: true\nschema:\n  $ref: \"#/components/schemas/UserId\"\n"
    );
    assert_eq!(
        yaml(&d, &["components", "schemas", "User", "properties", "UserID", "$ref"]),
        "\"#/components/schemas/UserId\"\n"
    );
    // A body that is an id, as JSON: the number.
    let activate = at(&d, &["paths", "/api/users/activate", "put", "requestBody", "content", "application/json"]);
    assert_eq!(to_yaml(activate).unwrap(), "schema:\n  $ref: \"#/components/schemas/UserId\"\n");
}

#[test]
fn a_struct_lists_its_required_fields_and_keeps_unlisted_ones_unless_told_not_to() {
    for version in [Version::V3_0, Version::V3_1] {
        let d = doc(version);
        let user = at(&d, &["components", "schemas", "User"]);
        assert_eq!(yaml(user, &["required"]), "- UserID\n", "optional, nullable and constant fields are not required");
        assert_eq!(yaml(user, &["additionalProperties"]), "true\n");
        assert_eq!(yaml(user, &["description"]), "A user account.\n");
        assert!(at(&d, &["components", "schemas", "Note"]).get("additionalProperties").is_none());
        let field = |name: &str| yaml(user, &["properties", name]);
        assert_eq!(field("Born"), "type: string\nformat: date\n");
        assert_eq!(
            field("Due"),
            "type: string\npattern: ^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$\nx-axero-date-format: MM/DD/YYYY\n"
        );
        assert_eq!(field("TagsCSV"), "type: string\nx-axero-csv: string\n", "a list as one comma-separated string");
        assert_eq!(field("Count"), "type: string\npattern: ^-?[0-9]+$\nx-axero-as-string: true\n");
        assert_eq!(field("Name"), "type: string\n", "optional, not nullable");
        let (manager, constant, old) = match version {
            Version::V3_0 => (
                "allOf:\n- $ref: \"#/components/schemas/User\"\nnullable: true\n",
                "type: integer\nformat: int32\nenum:\n- 39\n",
                "type: string\ndescription: |-\n  **Unverified:** Seen once.\n\n  **Deprecated:** Use Name.\n\
                 deprecated: true\nx-unverified: Seen once.\n",
            ),
            Version::V3_1 => (
                "anyOf:\n- $ref: \"#/components/schemas/User\"\n- type: \"null\"\n",
                "type: integer\nformat: int32\nconst: 39\n",
                "type: string\ndescription: |-\n  **Unverified:** Seen once.\n\n  **Deprecated:** Use Name.\n\
                 deprecated: true\nx-unverified: Seen once.\n",
            ),
        };
        assert_eq!(field("Manager"), manager, "{version:?}");
        assert_eq!(field("EntityType"), constant, "{version:?}");
        assert_eq!(field("Old"), old, "{version:?}");
    }
}

#[test]
fn a_datetime_is_iso_8601_without_an_offset_not_format_date_time() {
    // RFC 3339 (`format: date-time`) requires an offset; the API sends `2025-10-20T16:07:36.817`.
    let pattern = super::schema::DATE_TIME_PATTERN;
    for version in [Version::V3_0, Version::V3_1] {
        let d = doc(version);
        let own = at(&d, &["components", "schemas", "User", "properties", "Seen"]);
        assert!(own.get("format").is_none(), "{version:?}: {}", to_yaml(own).unwrap());
        assert_eq!(yaml(own, &["type"]), "string\n");
        assert_eq!(at(own, &["pattern"]).as_str(), Some(pattern));
        assert_eq!(yaml(own, &["x-axero-date-format"]), "YYYY-MM-DDTHH:mm:ss.fff\n");
        assert!(yaml(own, &["description"]).contains("without an offset"), "{version:?}");
    }
    assert_eq!(
        pattern, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$",
        "the date and time as sent, the seconds and the fraction optional, an offset allowed"
    );
}

#[test]
fn a_response_is_the_envelope_around_the_data_with_the_error_statuses() {
    let d = doc(Version::V3_1);
    let responses = at(&d, &["paths", "/api/users/{UserID}", "get", "responses"]);
    assert_eq!(
        yaml(responses, &["200", "content", "application/json", "schema"]),
        "type: object\nrequired:\n- IsError\n- ResponseData\nproperties:\n  IsError:\n    type: boolean\n\
         \x20 ResponseMessage:\n    type:\n    - string\n    - \"null\"\n  TotalRecords:\n    type:\n    - integer\n\
         \x20   - \"null\"\n    format: int64\n  ResponseData:\n    $ref: \"#/components/schemas/User\"\n"
    );
    let statuses: Vec<&str> = responses.as_map().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "400", "401", "403", "404", "429", "5XX"]);
    assert_eq!(yaml(responses, &["400", "$ref"]), "\"#/components/responses/BadRequest\"\n");
    assert_eq!(yaml(responses, &["429", "$ref"]), "\"#/components/responses/TooManyRequests\"\n");
    let too_many = at(&d, &["components", "responses", "TooManyRequests"]);
    assert!(at(too_many, &["headers"]).get("Retry-After").is_some());
    let error = at(too_many, &["content", "application/json", "schema", "properties"]);
    assert_eq!(
        error.as_map().unwrap().keys().collect::<Vec<_>>(),
        ["IsError", "ResponseMessage", "TotalRecords", "ResponseData"]
    );
}

#[test]
fn envelope_never_is_the_bare_value_and_either_is_any_of_both() {
    for version in [Version::V3_0, Version::V3_1] {
        let d = doc(version);
        let schema =
            |path: &str| at(&d, &["paths", path, "get", "responses", "200", "content", "application/json", "schema"]);
        assert_eq!(to_yaml(schema("/api/users/count")).unwrap(), "type: integer\nformat: int32\n");
        // `anyOf`: the envelope is a valid `User` too (optional fields, unlisted ones kept), so `oneOf`
        // would refuse every wrapped answer.
        assert!(schema("/api/users/me").get("oneOf").is_none());
        let either = at(schema("/api/users/me"), &["anyOf"]).as_list().unwrap();
        assert_eq!(either.len(), 2);
        assert_eq!(yaml(&either[0], &["properties", "ResponseData", "$ref"]), "\"#/components/schemas/User\"\n");
        assert_eq!(to_yaml(&either[1]).unwrap(), "$ref: \"#/components/schemas/User\"\n");
    }
}

#[test]
fn a_csv_query_parameter_is_an_array_sent_as_one_comma_separated_value() {
    let d = doc(Version::V3_1);
    let list = at(&d, &["paths", "/api/users", "get"]);
    assert_eq!(
        to_yaml(param(list, "UserIDCSV")).unwrap(),
        "name: UserIDCSV\nin: query\nrequired: false\nschema:\n  type: array\n  items:\n    \
         $ref: \"#/components/schemas/UserId\"\nstyle: form\nexplode: false\n"
    );
    assert_eq!(yaml(param(list, "SortColumn"), &["schema", "$ref"]), "\"#/components/schemas/Sort\"\n");
    assert_eq!(yaml(param(list, "X-Locale"), &["in"]), "header\n");
}

#[test]
fn paging_parameters_are_the_endpoints_own_names_with_their_defaults() {
    let d = doc(Version::V3_1);
    let names = |path: &str| -> Vec<String> {
        let op = at(&d, &["paths", path, "get", "parameters"]);
        op.as_list().unwrap().iter().map(|p| p.get("name").and_then(Value::as_str).unwrap().to_owned()).collect()
    };
    assert_eq!(names("/api/users"), ["SortColumn", "UserIDCSV", "X-Locale", "StartPage", "PageLength"]);
    assert_eq!(names("/api/users/pages"), ["Page", "PageLength"]);
    let op = at(&d, &["paths", "/api/users/pages", "get"]);
    assert_eq!(yaml(param(op, "Page"), &["schema"]), "type: integer\nformat: int32\nminimum: 1\ndefault: 1\n");
    assert_eq!(yaml(param(op, "PageLength"), &["schema"]), "type: integer\nformat: int32\nminimum: 1\ndefault: 20\n");
    assert_eq!(yaml(param(op, "PageLength"), &["required"]), "false\n");
}

#[test]
fn a_multipart_body_has_a_property_per_part_and_files_are_binary() {
    let d = doc(Version::V3_0);
    let body = at(&d, &["paths", "/api/users/{UserID}/photo", "post", "requestBody"]);
    assert_eq!(
        to_yaml(body).unwrap(),
        "required: true\ncontent:\n  multipart/form-data:\n    schema:\n      type: object\n      required:\n\
         \x20     - SpaceID\n      - file\n      properties:\n        Caption:\n          type: string\n\
         \x20       SpaceID:\n          $ref: \"#/components/schemas/SpaceId\"\n        file:\n          type: string\n\
         \x20         format: binary\n"
    );
}

#[test]
fn bodies_are_sent_as_the_spec_says() {
    let d = doc(Version::V3_1);
    let body = |path: &str, method: &str| at(&d, &["paths", path, method, "requestBody"]);
    assert_eq!(
        to_yaml(body("/api/users/{UserID}/photo", "put")).unwrap(),
        "description: The image.\nrequired: true\ncontent:\n  application/octet-stream:\n    schema:\n      \
         type: string\n      format: binary\n"
    );
    assert_eq!(
        yaml(body("/api/users/count", "put"), &["content", "application/json", "schema"]),
        "type: string\npattern: ^-?[0-9]+$\nx-axero-as-string: true\n"
    );
    assert_eq!(
        yaml(body("/api/users/active", "put"), &["content", "application/json", "schema"]),
        "type: boolean\nconst: true\n"
    );
}

#[test]
fn a_json_string_body_is_a_string_holding_the_object_and_says_so() {
    for version in [Version::V3_0, Version::V3_1] {
        let d = doc(version);
        let body = at(&d, &["paths", "/api/users/update", "put", "requestBody"]);
        let schema = at(body, &["content", "application/json", "schema"]);
        assert_eq!(yaml(schema, &["type"]), "string\n");
        assert_eq!(yaml(schema, &["x-axero-json-string"]), "User\n");
        for described in [body, schema] {
            let text = at(described, &["description"]).as_str().unwrap();
            assert!(text.contains("sent as one JSON string"), "{text}");
        }
        match version {
            Version::V3_0 => assert!(schema.get("contentSchema").is_none(), "not a 3.0 keyword"),
            Version::V3_1 => {
                assert_eq!(yaml(schema, &["contentMediaType"]), "application/json\n");
                assert_eq!(yaml(schema, &["contentSchema", "$ref"]), "\"#/components/schemas/User\"\n");
            }
        }
    }
}

#[test]
fn endpoints_sharing_a_method_and_path_are_one_operation_with_their_constants_as_an_enum() {
    let d = doc(Version::V3_1);
    let op = at(&d, &["paths", "/api/users/feature", "put"]);
    assert_eq!(yaml(op, &["operationId"]), "users.feature\n");
    assert_eq!(yaml(op, &["x-axero-methods"]), "- users.feature\n- users.unfeature\n");
    assert_eq!(yaml(op, &["summary"]), "Features a user; Stops featuring a user\n");
    assert_eq!(
        to_yaml(param(op, "IsFeatured")).unwrap(),
        "name: IsFeatured\nin: query\nrequired: true\nschema:\n  type: string\n  enum:\n  - \"true\"\n  - \"false\"\n"
    );
}

#[test]
fn paths_that_differ_only_in_placeholder_names_are_one_path() {
    let files = [
        ("api", API),
        ("content", "endpoints:\n  get:\n    get: /api/content/{SpaceID}\n    path: {SpaceID: i32}\n"),
        (
            "users",
            "endpoints:\n  get:\n    get: /api/content/{UserID}\n    path: {UserID: i32}\n\
             \x20 delete:\n    delete: /api/content/{UserID}\n    path: {UserID: i32}\n",
        ),
    ];
    let ir = crate::lower_sources(&test_sources(&files)).unwrap_or_else(|d| panic!("{d}"));
    let d = document(&ir, Version::V3_1);
    let paths: Vec<&str> = at(&d, &["paths"]).as_map().unwrap().keys().collect();
    assert_eq!(paths, ["/api/content/{SpaceID}"]);
    let item = at(&d, &["paths", "/api/content/{SpaceID}"]);
    assert_eq!(item.as_map().unwrap().keys().collect::<Vec<_>>(), ["get", "delete"]);
    assert_eq!(yaml(item, &["get", "x-axero-methods"]), "- content.get\n- users.get\n");
    assert_eq!(yaml(item, &["get", "tags"]), "- content\n- users\n");
    let get_id = param(at(item, &["get"]), "SpaceID");
    assert_eq!(yaml(get_id, &["description"]), "\"`users.get` sends its `UserID` here.\"\n");
    assert_eq!(
        yaml(get_id, &["schema"]),
        "anyOf:\n- $ref: \"#/components/schemas/SpaceId\"\n- $ref: \"#/components/schemas/UserId\"\n"
    );
    assert_eq!(yaml(param(at(item, &["delete"]), "SpaceID"), &["schema", "$ref"]), "\"#/components/schemas/UserId\"\n");
}

#[test]
fn deprecation_and_unverified_notes_are_kept() {
    let d = doc(Version::V3_0);
    let op = at(&d, &["paths", "/api/users/old/{SpaceID}", "get"]);
    assert_eq!(yaml(op, &["deprecated"]), "true\n");
    assert_eq!(yaml(op, &["x-unverified"]), "Seen only in an old app.\n");
    let description = at(op, &["description"]).as_str().unwrap();
    assert!(description.contains("**Deprecated:** Use get."), "{description}");
    assert!(!description.contains("`GET /api/users/old/{SpaceID}`"), "the generated line is left out: {description}");
    let get = at(&d, &["paths", "/api/users/{UserID}", "get"]);
    assert_eq!(yaml(get, &["summary"]), "One user\n");
    assert_eq!(yaml(get, &["description"]), "One user. The whole account.\n");
}

#[test]
fn the_bearer_token_and_the_deprecated_legacy_header_are_the_security_schemes() {
    let d = doc(Version::V3_1);
    assert_eq!(yaml(&d, &["security"]), "- bearerAuth: []\n- legacyApiKey: []\n");
    assert_eq!(
        yaml(&d, &["components", "securitySchemes"]),
        "bearerAuth:\n  type: http\n  scheme: bearer\n  description: \"`Authorization: Bearer <token>`.\"\n\
         legacyApiKey:\n  type: apiKey\n  in: header\n  name: rest-api-key\n  \
         description: \"**Deprecated:** Use the Bearer token.\"\n  x-deprecated: true\n"
    );
    assert_eq!(yaml(&d, &["openapi"]), "\"3.1.0\"\n");
    assert_eq!(yaml(&doc(Version::V3_0), &["openapi"]), "\"3.0.3\"\n");
    assert_eq!(yaml(&d, &["servers", "0", "url"]), "https://{site}\n");
}

#[test]
fn the_file_carries_the_do_not_edit_header_as_a_comment() {
    let ir = crate::lower_sources(&test_sources(&[("api", API), ("users", USERS)])).unwrap();
    let file = super::file(&ir).unwrap();
    assert_eq!(file.path, "openapi.yaml");
    let mut lines = file.text.lines();
    assert!(lines.next().unwrap().starts_with("# @generated by `cargo xtask gen` from *.yaml (spec hash "));
    assert!(lines.next().unwrap().starts_with("# Do not edit by hand"));
    let v30 = super::yaml(&ir, Version::V3_0).unwrap();
    assert!(v30.starts_with("# @generated by `cargo xtask openapi --version 3.0` from "), "{v30}");
}

#[test]
fn intra_doc_links_become_their_text_and_other_links_stay() {
    use super::schema::plain_links;
    assert_eq!(
        plain_links(
            "Like [`update`](Self::update), see [`User`](crate::types::User) or [the guide](https://x.test/a)."
        ),
        "Like `update`, see `User` or [the guide](https://x.test/a)."
    );
    assert_eq!(plain_links("\\[Word\\] and [x](Self::y)"), "\\[Word\\] and x");
    assert_eq!(plain_links("[unclosed"), "[unclosed");
}

#[test]
fn merged_constant_bodies_are_one_enum() {
    let files = [
        ("api", API),
        (
            "users",
            "endpoints:\n  mute:\n    put: /api/sound\n    body: {type: bool, value: false}\n\
                   \x20 unmute:\n    put: /api/sound\n    body: {type: bool, value: true}\n",
        ),
    ];
    let ir = crate::lower_sources(&test_sources(&files)).unwrap_or_else(|d| panic!("{d}"));
    for (version, expected) in [
        (Version::V3_0, "type: boolean\nenum:\n- false\n- true\n"),
        (Version::V3_1, "type: boolean\nenum:\n- false\n- true\n"),
    ] {
        let d = document(&ir, version);
        assert_eq!(
            yaml(&d, &["paths", "/api/sound", "put", "requestBody", "content", "application/json", "schema"]),
            expected
        );
    }
}
