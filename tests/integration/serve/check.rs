//! `POST /api/check`: what `sleuth check --json` prints, and the JSON errors of the other endpoints.

use super::*;
use sleuth::output::check::JsonCheck;

const STATED: &str = "Azerbaijan opened its embassy in Tel Aviv in November 2022";
const NOT_STATED: &str = "In 2016-2020, 79% of Azerbaijan's arms imports came from Israel";

#[tokio::test]
async fn check_answers_what_the_cli_prints() {
    for (claim, code) in [(STATED, 0), (NOT_STATED, 1)] {
        let (exit, stdout) = cli(&["check", "--json", claim], "");
        assert_eq!(exit, code, "{claim}");
        let printed: JsonCheck = serde_json::from_slice(&stdout).unwrap();
        let answer = post("/api/check", json!({ "claim": claim })).await;
        assert_eq!(answer.status, StatusCode::OK, "{claim}");
        let served: JsonCheck = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(served, printed, "{claim}");
        assert_eq!(served.stated, code == 0);
    }
    let answer = post("/api/check", json!({"claim": STATED, "limit": 1}))
        .await
        .json();
    let verdict = answer["verdict"].as_str().unwrap();
    assert!(verdict.starts_with("1 source states it"), "{verdict}");
    assert_eq!(answer["sources"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn check_sets_the_differing_facts_side_by_side() {
    let answer = post("/api/check", json!({ "claim": STATED })).await.json();
    let sources = answer["sources"].as_array().unwrap();
    let Some(differs) = sources.iter().find(|s| s["stance"] == "differs") else {
        panic!("no source differs: {answer}");
    };
    let citation = differs["citation"].as_str().unwrap();
    assert!(citation.contains("001_5c75391b8c8e4d84.txt:"), "{citation}");
    let fact = &differs["facts"][0];
    assert_eq!(
        [
            &fact["kind"],
            &fact["outcome"],
            &fact["claim"],
            &fact["source"]
        ],
        ["date", "differs", "November 2022", "29 March 2023"]
    );
}

#[tokio::test]
async fn a_bad_claim_gets_a_json_error_naming_the_problem() {
    let cases = [
        (json!({"claim": ""}), "the claim is empty"),
        (json!({"claim": "  — "}), "nothing to check"),
        (
            json!({"claim": "word ".repeat(201)}),
            "claims may have up to 200",
        ),
        (
            json!({"claim": "Baku", "limit": 101}),
            "limit is 101, more than this server allows (100)",
        ),
        (json!({"claim": "x".repeat(5_001)}), "5001 characters long"),
    ];
    for (body, message) in cases {
        let answer = post("/api/check", body.clone()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        let error = answer.error();
        assert!(error.contains(message), "{body}: {error}");
    }
    let answer = post("/api/check", json!({"quote": "no claim field"})).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.error().contains("claim"), "{}", answer.error());
    let answer = post_to(served().2.clone(), "/api/check", "{not json".into()).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let openapi = get("/api/openapi.json").await.json();
    assert!(openapi["paths"]["/api/check"]["post"].is_object());
}
