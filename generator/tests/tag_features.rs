//! Tag features: which operations and types each tag's Cargo feature compiles.
use generator::{lower, Config};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /users:
    get:
      operationId: listUsers
      tags: [Users]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/User'}}}}}
        default: {description: e, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
  /groups:
    get:
      operationId: listGroups
      tags: [Groups, "Group Admin"]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Group'}}}}
        default: {description: e, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
  /widgets:
    get:
      operationId: getWidget
      tags: [Users]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}
  /ping:
    get:
      operationId: ping
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pong'}}}}
components:
  schemas:
    User: {type: object, properties: {profile: {$ref: '#/components/schemas/Profile'}}}
    Group: {type: object, properties: {members: {type: array, items: {$ref: '#/components/schemas/User'}}}}
    Profile: {type: object, properties: {name: {type: string}}}
    Error: {type: object, properties: {detail: {$ref: '#/components/schemas/Detail'}}}
    Detail: {type: object, properties: {code: {type: string}}}
    Pong: {type: object, properties: {at: {$ref: '#/components/schemas/Profile'}}}
    Unused: {type: object, properties: {widget: {$ref: '#/components/schemas/Widget'}}}
    Widget: {type: object, properties: {x: {type: string}}}
"#;

#[test]
fn each_tag_compiles_its_operations_and_the_types_they_reach() {
    let config = Config {
        tag_features: true,
        ..Config::default()
    };
    let (api, _) = lower(SPEC, &config).expect("lowers");
    let tags = api.tag_features.expect("features");
    let features: Vec<(&str, &str)> = tags
        .features
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        features,
        [
            ("users", "Users"),
            ("groups", "Groups"),
            ("group-admin", "Group Admin"),
            ("unused-types", "")
        ]
    );
    assert_eq!(
        tags.operations,
        [
            vec!["users".to_owned()],
            vec!["group-admin".into(), "groups".into()],
            vec!["users".into()],
            vec![]
        ]
    );
    let gate = |t: &str| tags.types.get(t).map(|f| f.join(" "));
    // Reached by users directly and by groups through `Group.members`.
    assert_eq!(gate("User").as_deref(), Some("group-admin groups users"));
    assert_eq!(gate("Group").as_deref(), Some("group-admin groups"));
    // The error body and what it reaches, the untagged operation's types (and what they
    // reach, even if a tag reaches it too) always compile.
    for always in ["Error", "Detail", "Pong", "Profile"] {
        assert_eq!(gate(always), None, "{always}");
    }
    // Types no operation reaches have a feature of their own.
    assert_eq!(gate("Unused").as_deref(), Some("unused-types"));
    assert_eq!(gate("Widget").as_deref(), Some("unused-types users"));
}

#[test]
fn without_the_setting_there_are_no_tag_features() {
    let (api, _) = lower(SPEC, &Config::default()).expect("lowers");
    assert!(api.tag_features.is_none());
}
