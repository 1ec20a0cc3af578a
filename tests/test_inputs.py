"""Each input type, with small synthetic files made in the test, through the CLI and through the API."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from typer.testing import CliRunner

import exports as E
from govlint.api import Linter
from govlint.cli import app
from govlint.inputs import InputStats, ReadOptions, read_inputs
from govlint.errors import InputError

runner = CliRunner()


def cli(*args):
    r = runner.invoke(app, [*args, "--no-nlp"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output
    return r


def findings(*args):
    r = cli("check", *args, "--format", "json", "--no-redact")
    return r, json.loads(r.stdout)["findings"]


def read(*paths, **kw):
    items = list(read_inputs([str(p) for p in paths], **kw))
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)]


@pytest.fixture(scope="module")
def linter():
    return Linter(nlp=False)


def rules(results):
    return sorted({f.rule for r in results for f in r.findings})


# X / Twitter -----------------------------------------------------------------------------------------------------

def test_x_archive_zip_reads_tweets_with_author_dates_and_replies(tmp_path, no_network):
    z = E.x_zip(tmp_path / "twitter-2024.zip")
    stats = InputStats()
    posts, errors = read(z, options=ReadOptions(stats=stats))
    assert not errors
    assert [p.id for p in posts] == ["1001", "1002", "1003"]  # oldest first; the retweet is not the author's words
    assert stats.skipped == {"reposts": 1}
    first, _, reply = posts
    assert first.text.startswith("Lovely sunny walk to work today & a great")  # &amp; unescaped
    assert first.date == "2018-10-10T20:19:24+00:00" and first.platform == "x"
    assert first.author.handle == "@drjo_gp" and first.author.name == "Dr Jo Bloggs"  # from data/account.js
    assert reply.in_reply_to == "@sarah_j88" and reply.meta["url"] == "https://x.com/drjo_gp/status/1003"
    assert first.path == f"{z}/data/tweets.js"


def test_x_archive_finding_points_at_the_line_of_the_tweet(tmp_path, no_network):
    z = E.x_zip(tmp_path / "archive.zip")
    r, found = findings(str(z))
    assert r.exit_code == 1
    nhs = next(f for f in found if f["rule"].startswith("GMC-CONF-01"))
    js = zipfile.ZipFile(z).read("data/tweets.js").decode().split("\n")
    line = js[nhs["line"] - 1]
    assert line[nhs["column"] - 1:].startswith(E.NHS)
    assert nhs["post"] == "1002" and nhs["path"].endswith("archive.zip/data/tweets.js")
    assert {f["post"] for f in found} == {"1002", "1003"}


def test_bare_tweets_js_finds_account_js_beside_it(tmp_path, linter):
    (tmp_path / "tweets.js").write_text(E.tweets_js(E.TWEETS), encoding="utf-8")
    (tmp_path / "account.js").write_text(E.account_js("nurse_kim", "Kim"), encoding="utf-8")
    posts, errors = read(tmp_path / "tweets.js")
    assert not errors and {p.author.handle for p in posts} == {"@nurse_kim"}
    assert "GMC-ADVICE-01" in rules(linter.check_posts(posts))


def test_self_replies_form_a_thread_not_a_reply_to_someone(tmp_path):
    tweets = [E.tweet("2", "Part two of the thread", "Mon Mar 04 08:05:00 +0000 2019", reply_to="drjo_gp", reply_status="1"),
              E.tweet("1", "A thread about our winter pressures", "Mon Mar 04 08:00:00 +0000 2019"),
              E.tweet("3", "Unrelated", "Mon Mar 04 09:00:00 +0000 2019")]
    posts, _ = read(E.x_zip(tmp_path / "a.zip", tweets))
    assert [p.id for p in posts] == ["1", "2", "3"]
    assert posts[0].meta["thread"] == posts[1].meta["thread"] == "x:1" and "thread" not in posts[2].meta
    assert posts[1].in_reply_to is None


def test_malformed_tweets_js_is_a_clear_error_and_earlier_tweets_are_checked(tmp_path):
    good = E.tweets_js([E.tweet("7", f"bloods for {E.NHS} please", "Mon Mar 04 08:00:00 +0000 2019")])
    broken = good.rstrip().rstrip("]") + ', {"tweet": {"id_str": "8", "full_text": "oops"'  # cut off mid-item
    (tmp_path / "tweets.js").write_text(broken, encoding="utf-8")
    r = cli("check", str(tmp_path / "tweets.js"))
    assert r.exit_code == 2
    assert "GMC-CONF-01" in r.stdout  # the complete tweet before the damage was still checked
    assert "not valid JSON" in r.output and "tweets.js" in r.output and "line " in r.output


def test_not_a_tweet_item_is_reported_and_the_rest_continue(tmp_path):
    items = [{"like": {"tweetId": "1"}}, E.tweet("9", "Fine post", "Mon Mar 04 08:00:00 +0000 2019")]
    (tmp_path / "tweets.js").write_text(E.tweets_js(items), encoding="utf-8")
    posts, errors = read(tmp_path / "tweets.js")
    assert [p.id for p in posts] == ["9"]
    assert len(errors) == 1 and "item 1" in str(errors[0]) and "line 2" in str(errors[0])


def test_js_file_that_is_not_an_archive(tmp_path):
    (tmp_path / "tweets.js").write_text("console.log('hi')", encoding="utf-8")
    r = cli("check", str(tmp_path / "tweets.js"))
    assert r.exit_code == 2 and "window.YTD.tweets.part0" in r.output


# Zip safety ------------------------------------------------------------------------------------------------------

def test_zip_bomb_is_refused_without_expanding_it(tmp_path):
    bomb = "window.YTD.tweets.part0 = [" + " " * 50_000_000 + "]"  # 50 MB of spaces deflates ~1000x
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/tweets.js", bomb)
    del bomb
    assert z.stat().st_size < 200_000
    r = cli("check", str(z))
    assert r.exit_code == 2 and "zip bomb" in r.output


def test_total_uncompressed_size_is_capped(tmp_path, monkeypatch):
    import govlint.inputs.archive as archive

    z = E.x_zip(tmp_path / "a.zip")
    monkeypatch.setattr(archive, "MAX_ARCHIVE_BYTES", 1000)
    posts, errors = read(z)
    assert not posts and errors and "more than" in str(errors[0])


def test_zip_that_is_not_an_export_or_not_a_zip(tmp_path):
    z = tmp_path / "photos.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.jpg", b"x")
    r = cli("check", str(z))
    assert r.exit_code == 2 and "tweets.js" in r.output and "outbox.json" in r.output
    (tmp_path / "fake.zip").write_bytes(b"not a zip at all")
    r = cli("check", str(tmp_path / "fake.zip"))
    assert r.exit_code == 2 and "not a readable zip" in r.output


def test_zip_on_stdin(tmp_path):
    data = E.x_zip(tmp_path / "a.zip").read_bytes()
    posts, errors = read("-", stdin=io.BytesIO(data))
    assert not errors and len(posts) == 3 and posts[0].path == "<stdin>/data/tweets.js"


# Mastodon --------------------------------------------------------------------------------------------------------

def test_mastodon_outbox_html_boosts_and_replies(tmp_path, linter, no_network):
    (tmp_path / "outbox.json").write_text(E.outbox(E.MASTODON_ITEMS), encoding="utf-8")
    (tmp_path / "actor.json").write_text(E.actor_json(), encoding="utf-8")
    stats = InputStats()
    posts, errors = read(tmp_path / "outbox.json", options=ReadOptions(stats=stats))
    assert not errors and stats.skipped == {"reposts": 1}  # the boost is someone else's words
    assert [p.id for p in posts] == ["1", "3"]
    assert posts[0].text == "Proud of our ward team today.\n\nTea & cake all round!"
    reply = posts[1]
    assert reply.text == "@pat_k you should stop taking your ramipril\nand double the amlodipine instead"
    assert reply.in_reply_to == "@pat_k@other.example"
    assert reply.meta["in_reply_to_url"].endswith("/statuses/777")
    assert reply.date == "2023-02-01T20:30:00+00:00" and reply.platform == "mastodon"
    assert reply.author.handle == "@nurse_sam@mastodon.example" and reply.author.name == "Sam Okafor RN"
    assert "GMC-ADVICE-01" in rules(linter.check_posts(posts))


@pytest.mark.parametrize("maker,name", [(E.mastodon_zip, "export.zip"), (E.mastodon_tgz, "archive.tar.gz")])
def test_mastodon_export_archives(tmp_path, maker, name):
    r, found = findings(str(maker(tmp_path / name)))
    assert r.exit_code == 1
    assert {f["rule"] for f in found} == {"GMC-ADVICE-01"}  # each instruction (stop ..., double ...) is reported
    assert found[0]["path"].endswith(f"{name}/outbox.json")


def test_mastodon_content_warning_and_image_description_are_checked(tmp_path):
    items = [E.note(5, "<p>Long shift.</p>", "2023-03-01T10:00:00Z", summary="ward gossip",
                    attachment_alt=f"Photo of a wristband reading {E.NHS}")]
    (tmp_path / "outbox.json").write_text(E.outbox(items), encoding="utf-8")
    posts, _ = read(tmp_path / "outbox.json")
    assert posts[0].text == f"ward gossip\n\nLong shift.\n\nPhoto of a wristband reading {E.NHS}"
    r, found = findings(str(tmp_path / "outbox.json"))
    assert any(f["rule"] == "GMC-CONF-01" for f in found)


def test_mastodon_bad_items_are_reported_one_by_one(tmp_path):
    items = [{"type": "Like", "object": "x"}, E.note(1, "<p>ok</p>", "2023-01-01T00:00:00Z")]
    (tmp_path / "outbox.json").write_text(E.outbox(items), encoding="utf-8")
    posts, errors = read(tmp_path / "outbox.json")
    assert len(posts) == 1 and len(errors) == 1 and "item 1" in str(errors[0])
    (tmp_path / "other.json").write_text('{"a": 1}', encoding="utf-8")
    r = cli("check", str(tmp_path / "other.json"))
    assert r.exit_code == 2 and "orderedItems" in r.output


# LinkedIn --------------------------------------------------------------------------------------------------------

def test_linkedin_shares_multiline_commentary(tmp_path, no_network):
    p = tmp_path / "Shares.csv"
    p.write_text(E.SHARES_CSV, encoding="utf-8")
    stats = InputStats()
    posts, errors = read(p, options=ReadOptions(stats=stats))
    assert not errors and len(posts) == 2 and stats.skipped == {"reposts": 1}
    assert posts[0].text == 'Delighted to share our new paper on "hospital at home" outcomes.\n\nRead it here.'
    assert posts[0].date == "2021-05-04T09:12:00" and posts[0].platform == "linkedin"
    assert posts[0].meta["url"].endswith("share%3A111") and posts[0].meta["shared_url"] == "https://doi.org/10.1/x"
    r, found = findings(str(p))
    assert r.exit_code == 1
    f = next(f for f in found if f["rule"] == "GMC-CONF-01")
    line = E.SHARES_CSV.split("\n")[f["line"] - 1]
    assert line[f["column"] - 1:].startswith(E.NHS)  # the second line of a quoted multi-line cell
    assert f["post"] == 2


def test_linkedin_per_line_quote_wrapping_is_removed(tmp_path):
    p = tmp_path / "Shares.csv"
    p.write_text('Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n'
                 '2020-01-01 10:00:00,https://l/1,"""First line""\n""""\n""Second line""",,,PUBLIC\n', encoding="utf-8")
    posts, _ = read(p)
    assert posts[0].text == "First line\n\nSecond line"


def test_linkedin_comments(tmp_path):
    p = tmp_path / "Comments.csv"
    p.write_text('Date,Link,Message\n2022-02-02 12:00:00,https://www.linkedin.com/feed/update/urn:li:activity:9,'
                 '"@Jo you should stop your statin"\n', encoding="utf-8")
    posts, errors = read(p)
    assert not errors and posts[0].platform == "linkedin" and posts[0].in_reply_to.endswith("activity:9")


def test_linkedin_export_zip_with_profile(tmp_path):
    z = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("Shares.csv", E.SHARES_CSV)
        zf.writestr("Profile.csv", "First Name,Last Name,Headline\nPriya,Shah,GP\n")
        zf.writestr("Connections.csv", "First Name,Last Name\nA,B\n")
    posts, errors = read(z)
    assert not errors and len(posts) == 2 and posts[0].author.name == "Priya Shah"


# CSV -------------------------------------------------------------------------------------------------------------

def test_csv_default_column_metadata_and_row_lines(tmp_path):
    p = tmp_path / "schedule.csv"
    p.write_text('\ufeffid,Date,Platform,Post Text,Content,Author,Handle,Reply_To\n'
                 'a1,01/02/2024 09:30,x,ignored,"Our flu clinic opens Monday,\nall welcome",Comms Team,@trust,\n'
                 f'a2,2024-02-03,mastodon,ignored,"Bloods for {E.NHS} please",,,@ward9\n', encoding="utf-8")
    posts, errors = read(p)
    assert not errors
    assert [p.text for p in posts] == ["Our flu clinic opens Monday,\nall welcome", f"Bloods for {E.NHS} please"]
    a1, a2 = posts
    assert a1.id == "a1" and a1.line == 2 and a1.date == "2024-02-01T09:30:00" and a1.platform == "x"
    assert a1.author.name == "Comms Team" and a1.author.handle == "@trust"
    assert a2.line == 4 and a2.in_reply_to == "@ward9" and a2.date == "2024-02-03"
    r, found = findings(str(p))
    assert [(f["line"], f["post"]) for f in found if f["rule"] == "GMC-CONF-01"] == [(4, "a2")]


def test_csv_text_column_option(tmp_path):
    p = tmp_path / "buffer.csv"
    p.write_text(f'when,Body\n2024-01-01,Bloods for {E.NHS} please\n', encoding="utf-8")
    r = cli("check", str(p))
    assert r.exit_code == 2 and "'when', 'Body'" in r.output and "--text-column" in r.output
    r = cli("check", str(p), "--text-column", "body")
    assert r.exit_code == 1 and "buffer.csv:2:" in r.stdout


def test_csv_missing_text_column_lists_columns(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,message\n2024-01-01,hello\n", encoding="utf-8")
    r = cli("check", str(p), "--text-column", "caption")
    assert r.exit_code == 2
    assert "no column 'caption'" in r.output and "'date', 'message'" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_semicolon_and_tab(tmp_path, sep):
    p = tmp_path / "s.csv"
    p.write_text(f'Datum{sep}Text{sep}Notes\n04/03/2024{sep}"Bloods for {E.NHS}; thanks"{sep}x;y\n', encoding="utf-8")
    posts, errors = read(p)
    assert not errors and posts[0].text == f"Bloods for {E.NHS}; thanks"
    r = cli("check", str(p))
    assert r.exit_code == 1 and "s.csv:2:24:" in r.stdout  # 04/03/2024;"Bloods for |943...


def test_csv_broken_quote_and_short_rows(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text('date,text\n2024-01-01,fine post\n2024-01-02\n2024-01-03,"never closed\n', encoding="utf-8")
    posts, errors = read(p)
    assert [x.text for x in posts] == ["fine post"]
    msgs = " | ".join(str(e) for e in errors)
    assert "line 3" in msgs and "line 4" in msgs and "never closed" in msgs


# Markdown --------------------------------------------------------------------------------------------------------

MD = f"""---
platform: linkedin
---
# Draft for Thursday

Our audit results are in. See [the report](https://example.org/{E.NHS.replace(' ', '')}/report "NHS {E.NHS}").

```text
internal note: test patient {E.NHS}
```

    indented code: {E.NHS}

<!-- reviewer: remove {E.NHS} before posting -->

[ref]: https://example.org/{E.NHS.replace(' ', '')} "title {E.NHS}"

Can someone chase the bloods for {E.NHS}?
"""


def test_markdown_skips_code_links_and_comments_but_keeps_positions(tmp_path):
    p = tmp_path / "draft.md"
    p.write_text(MD, encoding="utf-8")
    r, found = findings(str(p))
    nhs = [f for f in found if f["rule"] == "GMC-CONF-01"]
    assert len(nhs) == 1, found
    lines = MD.split("\n")
    f = nhs[0]
    assert lines[f["line"] - 1].startswith("Can someone chase")
    assert lines[f["line"] - 1][f["column"] - 1:].startswith(E.NHS)
    posts, _ = read(p)
    assert len(posts) == 1 and "the report" in posts[0].text and "example.org" not in posts[0].text


def test_markdown_thread_separator_inside_code_does_not_split(tmp_path):
    p = tmp_path / "t.md"
    p.write_text("First post\n\n```\n---\n```\n\nstill first\n---\nSecond post\n", encoding="utf-8")
    posts, _ = read(p)
    assert len(posts) == 2 and posts[1].text == "Second post"


def test_markdown_list_continuation_is_not_code(tmp_path):
    p = tmp_path / "l.md"
    p.write_text(f"- item one\n\n    continued: bloods for {E.NHS}\n", encoding="utf-8")
    r, found = findings(str(p))
    assert any(f["rule"] == "GMC-CONF-01" for f in found)


def test_text_files_are_not_blanked_like_markdown(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text(f"```\nbloods for {E.NHS}\n```\n", encoding="utf-8")
    r, found = findings(str(p))
    assert any(f["rule"] == "GMC-CONF-01" for f in found)


# Threads ---------------------------------------------------------------------------------------------------------

POST_1 = "84-year-old retired headmistress, what a character."
POST_2 = "She's from Leek, admitted to Ward 7 last night with a fall."


def test_thread_details_add_up_across_posts(tmp_path, linter):
    p = tmp_path / "thread.txt"
    p.write_text(f"{POST_1}\n---\n{POST_2}\n", encoding="utf-8")
    r, found = findings(str(p))
    assert r.exit_code == 1
    jig = [f for f in found if f["concern"] == "patient-identifiability"]
    assert len(jig) == 1
    f = jig[0]
    assert f["details"]["scope"] == "thread" and f["details"]["thread_posts"] == [0, 1]
    assert (f["line"], f["column"], f["post"]) == (1, 1, 0)
    assert f["end_line"] == 3  # ends in the second post, on line 3 of the file
    leek = next(e for e in f["details"]["evidence"] if e["text"] == "Leek")
    assert leek["post"] == 1 and leek["line"] == 3
    # through the API: the whole-thread finding rides on the last post's result
    posts, _ = read(p)
    results = list(linter.check_posts(posts))
    assert len(results) == 2 and not results[0].findings
    assert [x.details.get("scope") for x in results[1].findings] == ["thread"]


def test_same_posts_as_separate_files_are_not_a_thread(tmp_path, linter):
    (tmp_path / "a.txt").write_text(POST_1, encoding="utf-8")
    (tmp_path / "b.txt").write_text(POST_2, encoding="utf-8")
    r, found = findings(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert r.exit_code == 0 and found == []
    posts, _ = read(tmp_path)
    assert not rules(linter.check_posts(posts))


def test_thread_does_not_repeat_what_a_single_post_found(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text(f"Bloods for {E.NHS} please\n---\nThanks all, great shift\n", encoding="utf-8")
    r, found = findings(str(p))
    assert [f["rule"] for f in found] == ["GMC-CONF-01"] and "scope" not in found[0]["details"]


# Folders, globs, progress ----------------------------------------------------------------------------------------

def test_folder_walk_reads_every_format_and_honours_include_exclude(tmp_path, monkeypatch):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(f"bloods for {E.NHS}", encoding="utf-8")
    (tmp_path / "drafts" / "b.md").write_text("fine", encoding="utf-8")
    (tmp_path / "drafts" / "old").mkdir()
    (tmp_path / "drafts" / "old" / "c.txt").write_text(f"old {E.NHS}", encoding="utf-8")
    (tmp_path / "drafts" / ".hidden").mkdir()
    (tmp_path / "drafts" / ".hidden" / "d.txt").write_text(f"x {E.NHS}", encoding="utf-8")
    (tmp_path / "drafts" / "notes.rtf").write_text("x", encoding="utf-8")
    (tmp_path / "drafts" / "outbox.json").write_text(E.outbox(E.MASTODON_ITEMS), encoding="utf-8")
    posts, _ = read(tmp_path / "drafts")
    assert sorted({p.path.split("drafts/")[1] for p in posts}) == ["a.txt", "b.md", "old/c.txt", "outbox.json"]
    posts, _ = read(tmp_path / "drafts", options=ReadOptions(include=("*.txt",), exclude=("old/", ".*/")))
    assert [p.path.split("drafts/")[1] for p in posts] == ["a.txt"]
    posts, _ = read(tmp_path / "drafts", options=ReadOptions(include=("*.txt",), exclude=("old/",)))  # replaces defaults
    assert [p.path.split("drafts/")[1] for p in posts] == ["a.txt", ".hidden/d.txt"]
    # from the config file
    (tmp_path / "govlint.yaml").write_text("include: ['*.txt']\nexclude: ['old/', '.*/']\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("check", "drafts", "--format", "json")
    assert {f["path"] for f in json.loads(r.stdout)["findings"]} == {"drafts/a.txt"}


def test_named_files_are_read_whatever_the_globs(tmp_path):
    p = tmp_path / "draft.text"
    p.write_text(f"bloods for {E.NHS}", encoding="utf-8")
    r = cli("check", str(p))
    assert r.exit_code == 1


def test_bad_include_setting_is_a_config_error(tmp_path, monkeypatch):
    (tmp_path / "govlint.yaml").write_text("include: 3\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("hi", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("check", "a.txt")
    assert r.exit_code == 2 and "include" in r.output and "govlint.yaml:1" in r.output


def test_input_format_overrides_detection(tmp_path):
    p = tmp_path / "export.txt"
    p.write_text(E.tweets_js([E.tweet("1", f"bloods for {E.NHS}", "Mon Mar 04 08:00:00 +0000 2019")]), encoding="utf-8")
    posts, _ = read(p, input_format="x-archive")
    assert posts[0].text == f"bloods for {E.NHS}" and posts[0].platform == "x"
    r = cli("check", str(p), "--input-format", "csv")
    assert r.exit_code == 2 and "no text column" in r.output


def test_no_progress_bar_when_piped(tmp_path):
    for i in range(30):
        (tmp_path / f"{i}.txt").write_text("Great shift, thanks team", encoding="utf-8")
    r = cli("check", str(tmp_path))
    assert r.exit_code == 0 and r.stderr == ""


def test_progress_bar_on_a_terminal(monkeypatch):
    from govlint.cli import common

    class Tty(io.StringIO):
        def isatty(self):
            return True

    err = Tty()
    monkeypatch.setattr(common.sys, "stderr", err)
    assert list(common._progress(iter(range(40)), 40)) == list(range(40))
    assert "40/40" in err.getvalue()
    err2 = Tty()
    monkeypatch.setattr(common.sys, "stderr", err2)
    assert list(common._progress(iter(range(3)), 3)) == [0, 1, 2] and err2.getvalue() == ""  # short runs: no bar


def test_x_archive_in_parts_with_a_thread_across_them(tmp_path):
    part0 = [E.tweet("11", "84-year-old retired headmistress, what a character.", "Mon Mar 04 08:00:00 +0000 2019")]
    part1 = [E.tweet("12", "She's from Leek, admitted to Ward 7 last night with a fall.", "Mon Mar 04 08:01:00 +0000 2019",
                     reply_to="drjo_gp", reply_status="11")]
    z = E.x_zip(tmp_path / "a.zip", part0, extra={"data/tweets-part1.js": E.tweets_js(part1, part=1)})
    posts, errors = read(z)
    assert not errors and [p.id for p in posts] == ["11", "12"]
    assert posts[1].path.endswith("data/tweets-part1.js") and posts[0].meta["thread"] == posts[1].meta["thread"]
    r, found = findings(str(z))
    assert [(f["post"], f["details"].get("scope")) for f in found] == [("11", "thread")]


ODD_VALUES = [None, 1, 1.5, True, "", "x", [], {}, [1], {"a": 1}, "https://a/b", -5, 10**12]


def _paths(o, pre=()):
    if isinstance(o, dict):
        for k, v in o.items():
            yield pre + (k,)
            yield from _paths(v, pre + (k,))
    elif isinstance(o, list):
        for i, v in enumerate(o):
            yield pre + (i,)
            yield from _paths(v, pre + (i,))


@pytest.mark.parametrize("kind", ["x", "mastodon"])
def test_every_field_with_an_unexpected_type_is_survived(kind):
    """Exports are untrusted: any field of any item replaced by a value of another type never raises."""
    import copy

    from govlint.inputs import mastodon, x_archive
    from govlint.inputs.base import Defaults, Source

    base, make, reader, sibling = ((E.TWEETS, E.tweets_js, x_archive.read, E.account_js()) if kind == "x" else
                                   (E.MASTODON_ITEMS, E.outbox, mastodon.read, E.actor_json()))
    tried = 0
    for path in list(_paths(base)):
        for value in ODD_VALUES:
            items = copy.deepcopy(base)
            target = items
            for k in path[:-1]:
                target = target[k]
            target[path[-1]] = copy.deepcopy(value)
            out = list(reader(Source("f", make(items), lambda _n: sibling), Defaults(), ReadOptions()))
            assert all(isinstance(o, InputError) or isinstance(o.text, str) for o in out)
            tried += 1
    assert tried > 300
