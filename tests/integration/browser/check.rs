//! The Check view in a real browser: a claim pasted, the verdict line, each source's stance and
//! citation, the differing facts side by side, the link to the document view, the address bar.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_check_sets_each_sources_stance_and_the_differing_facts_side_by_side() {
    let Some(s) = Session::start().await else {
        return;
    };
    s.open("/").await;
    s.click(".views a[data-view=check]").await;
    let claim = s.wait_for("#claim").await;
    claim
        .send_keys("Azerbaijan opened its embassy in Tel Aviv in November 2022")
        .await
        .unwrap();
    s.click("#check-form button").await;
    s.wait_for("#check-verdict.stated").await;
    let verdict = s.text("#check-verdict").await;
    assert!(
        verdict.starts_with("1 source states it, 1 differs on the date"),
        "{verdict}"
    );
    assert!(
        s.url().await.contains("view=check&claim=Azerbaijan+opened"),
        "{}",
        s.url().await
    );
    let stances: Vec<String> = s.texts(".source .stance").await;
    assert_eq!(stances[..2], ["STATES", "DIFFERS"]);
    // The differing source: its date beside the claim's, flagged in words, and marked in its text.
    let row = s.texts(".source.differs .facts tr.differs td").await;
    assert_eq!(row, ["date", "November 2022", "29 March 2023", "differs"]);
    assert_eq!(
        s.texts(".source.differs mark.fact.differs").await,
        ["29 March 2023"]
    );
    let cite = s.text(".source.differs .cite").await;
    assert!(
        cite.starts_with("corpus/001_5c75391b8c8e4d84.txt:51-57"),
        "{cite}"
    );
    // The claim's words are marked in the source that states it.
    let marks = s.texts(".source.states mark:not(.fact)").await;
    assert!(
        ["embassy", "Tel", "Aviv"]
            .iter()
            .all(|word| marks.iter().any(|m| m == word)),
        "{marks:?}"
    );
    s.screenshot("check").await;
    // The document view opens at the cited passage; back returns to the check.
    s.click(".source.differs h3 a").await;
    s.wait_for("#current").await;
    assert!(s.url().await.contains("view=doc"));
    let citation = s.text("#doc-citation").await;
    assert!(
        citation.starts_with("corpus/001_5c75391b8c8e4d84.txt:51"),
        "{citation}"
    );
    s.c().back().await.unwrap();
    s.wait_for("#check-verdict.stated").await;
    assert_eq!(
        s.js("return document.getElementById('claim').value").await,
        json!("Azerbaijan opened its embassy in Tel Aviv in November 2022")
    );
    // A claim no source states, from the address bar; sources that disagree on a fact the claim
    // leaves out are listed.
    s.open(
        "/?view=check&claim=In+2016-2020%2C+79%25+of+Azerbaijan%27s+arms+imports+came+from+Israel",
    )
    .await;
    s.wait_for("#check-verdict.differs").await;
    let verdict = s.text("#check-verdict").await;
    assert!(
        verdict.starts_with("no source states it, 2 sources differ on the percentage"),
        "{verdict}"
    );
    let rows = s.texts(".source.differs .facts tr.differs td").await;
    assert_eq!(&rows[..4], ["percentage", "79%", "69%", "differs"]);
    s.open("/?view=check&claim=Azerbaijan+opened+its+embassy+in+Tel+Aviv")
        .await;
    s.wait_for("#disagreements:not([hidden])").await;
    let disagreement = s.text("#disagreement-items").await;
    assert!(
        disagreement.contains("On the date:")
            && disagreement.contains("November 2022")
            && disagreement.contains("29 March 2023"),
        "{disagreement}"
    );
    // A claim without words gets the server's message.
    s.open("/?view=check&claim=%E2%80%94").await;
    s.wait_for("#error:not([hidden])").await;
    assert!(s.text("#error").await.contains("nothing to check"));
    s.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_check_shows_script_injection_as_text_and_fits_a_phone() {
    let Some(s) = Session::start().await else {
        return;
    };
    let claim = format!("The payload paragraph holds {SCRIPT_PAYLOAD} and then {IMG_PAYLOAD}");
    let url = format!(
        "/?view=check&claim={}",
        claim
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    s.c().set_window_size(390, 844).await.unwrap();
    s.open(&url).await;
    s.wait_for(".source").await;
    s.assert_no_alert().await;
    let only_the_page = "return document.scripts.length === 1 && document.images.length === 0";
    assert_eq!(s.js(only_the_page).await, json!(true));
    let sources = s.text("#sources").await;
    assert!(sources.contains(IMG_PAYLOAD), "{sources}");
    let fits = s
        .js("return document.documentElement.scrollWidth <= window.innerWidth")
        .await;
    assert_eq!(fits, json!(true), "the check view is wider than the screen");
    s.close().await;
}
