"""Full-text search of releases: SQLite FTS5 or PostgreSQL's text search.

``search_releases(queryset, text)`` is the one entry point. It keeps the releases
containing every word (or "quoted phrase") of the text, most relevant first, and
annotates each with ``search_rank`` (higher is better), ``search_title`` and
``search_snippet`` (text with matches between ``MARK_START`` and ``MARK_END``;
``highlight()`` turns them into safe HTML).

The index lives in the database and is kept in step by triggers, so bulk_create,
update() and raw SQL are covered too (but ``body_text`` is derived from the body
by save(): a write around it sets ``body_text`` itself):

- SQLite: the FTS5 table ``releases_search`` over the title, summary and body (as a
  reader sees it: ``body_text``, derived on save from the rendered body), with
  the porter stemmer (English) on unicode61 tokens without diacritics.
- PostgreSQL: a ``search_vector`` tsvector column on the release table, filled with
  the ``english`` or ``french`` configuration following the release's language,
  behind a GIN index.
"""

import re

from django.db import connection as default_connection
from django.db.models import Case, Expression, F, Func, Lookup, TextField, Value, When
from django.db.models.expressions import Col
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchEntry

MAX_TERMS = 10
PREFIX_LENGTH = 3
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_WORDS = 30

_TERM_RE = re.compile(r'"([^"]*)"|(\S+)')
_WORD_RE = re.compile(r"\w")

# The column of the release table that the index reads for the body: the text
# a reader sees (PressRelease.body_text). Migration 0005 indexed ``body``, the
# Markdown, which let a search find and quote an HTML comment.
BODY_COLUMN = "body_text"


def sqlite_install(body=BODY_COLUMN):
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS releases_search USING fts5(
            title, summary, {body},
            content='releases_pressrelease', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        f"""CREATE TRIGGER IF NOT EXISTS releases_search_insert
        AFTER INSERT ON releases_pressrelease BEGIN
            INSERT INTO releases_search(rowid, title, summary, {body})
            VALUES (new.id, new.title, new.summary, new.{body});
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS releases_search_delete
        AFTER DELETE ON releases_pressrelease BEGIN
            INSERT INTO releases_search(releases_search, rowid, title, summary, {body})
            VALUES ('delete', old.id, old.title, old.summary, old.{body});
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS releases_search_update
        AFTER UPDATE OF title, summary, {body} ON releases_pressrelease BEGIN
            INSERT INTO releases_search(releases_search, rowid, title, summary, {body})
            VALUES ('delete', old.id, old.title, old.summary, old.{body});
            INSERT INTO releases_search(rowid, title, summary, {body})
            VALUES (new.id, new.title, new.summary, new.{body});
        END""",
        # Title words weigh ten times body words, summary words five times.
        """INSERT INTO releases_search(releases_search, rank)
        VALUES ('rank', 'bm25(10.0, 5.0, 1.0)')""",
    ]


# What a public search filters on, beside the index (SQLite): for each release
# its language, when it is public (its date if it is published), and when a
# translation in the other language becomes public (which hides it from that
# language's archive, see PressRelease.objects.for_language). A narrow table,
# kept by triggers like the index, so that ranking never reads the release rows,
# which hold the bodies. (FTS5 reads an external-content table's unindexed
# columns from the content table's rows, and SQLite 3.40 has no contentless
# unindexed columns: hence a table of its own.)
_PUBLIC_FROM = "CASE WHEN new.status = 'published' THEN new.published_at END"
_HIDE_FROM = """UPDATE releases_searchstate SET hidden_from = (
    SELECT MIN(other.published_at)
    FROM releases_pressrelease other, releases_pressrelease this
    WHERE this.id = releases_searchstate.id
    AND other.status = 'published' AND other.language <> this.language
    AND (other.translation_of_id = this.id OR other.id = this.translation_of_id)
)"""
SQLITE_STATE_INSTALL = [
    """CREATE TABLE IF NOT EXISTS releases_searchstate (
        id INTEGER PRIMARY KEY,
        language TEXT NOT NULL,
        public_from TEXT,
        hidden_from TEXT
    )""",
    f"""CREATE TRIGGER IF NOT EXISTS releases_searchstate_insert
    AFTER INSERT ON releases_pressrelease BEGIN
        INSERT INTO releases_searchstate(id, language, public_from)
        VALUES (new.id, new.language, {_PUBLIC_FROM});
        {_HIDE_FROM} WHERE id IN (new.id, new.translation_of_id);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS releases_searchstate_update
    AFTER UPDATE OF status, published_at, language, translation_of_id
    ON releases_pressrelease BEGIN
        UPDATE releases_searchstate
        SET language = new.language, public_from = {_PUBLIC_FROM}
        WHERE id = new.id;
        {_HIDE_FROM}
        WHERE id IN (new.id, new.translation_of_id, old.translation_of_id)
        OR id IN (
            SELECT id FROM releases_pressrelease WHERE translation_of_id = new.id
        );
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS releases_searchstate_delete
    AFTER DELETE ON releases_pressrelease BEGIN
        DELETE FROM releases_searchstate WHERE id = old.id;
        {_HIDE_FROM} WHERE id = old.translation_of_id OR id IN (
            SELECT id FROM releases_pressrelease WHERE translation_of_id = old.id
        );
    END""",
]
SQLITE_STATE_REBUILD = [
    "DELETE FROM releases_searchstate",
    f"""INSERT INTO releases_searchstate(id, language, public_from)
    SELECT id, language, {_PUBLIC_FROM.replace("new.", "")}
    FROM releases_pressrelease""",
    _HIDE_FROM,
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS releases_search_insert",
    "DROP TRIGGER IF EXISTS releases_search_delete",
    "DROP TRIGGER IF EXISTS releases_search_update",
    "DROP TABLE IF EXISTS releases_search",
    "DROP TRIGGER IF EXISTS releases_searchstate_insert",
    "DROP TRIGGER IF EXISTS releases_searchstate_update",
    "DROP TRIGGER IF EXISTS releases_searchstate_delete",
    "DROP TABLE IF EXISTS releases_searchstate",
]
SQLITE_REBUILD = [
    "INSERT INTO releases_search(releases_search) VALUES ('rebuild')",
    "INSERT INTO releases_search(releases_search) VALUES ('optimize')",
    *SQLITE_STATE_REBUILD,
]


def postgresql_install(body=BODY_COLUMN):
    return [
        "ALTER TABLE releases_pressrelease "
        "ADD COLUMN IF NOT EXISTS search_vector tsvector",
        f"""CREATE OR REPLACE FUNCTION releases_search_document() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            config regconfig := CASE NEW.language
                WHEN 'fr' THEN 'french'::regconfig ELSE 'english'::regconfig END;
        BEGIN
            NEW.search_vector :=
                setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
                || setweight(to_tsvector(config, coalesce(NEW.summary, '')), 'B')
                || setweight(to_tsvector(config, coalesce(NEW.{body}, '')), 'C');
            RETURN NEW;
        END
        $$""",
        "DROP TRIGGER IF EXISTS releases_search_document ON releases_pressrelease",
        f"""CREATE TRIGGER releases_search_document
        BEFORE INSERT OR UPDATE OF title, summary, {body}, language
        ON releases_pressrelease
        FOR EACH ROW EXECUTE FUNCTION releases_search_document()""",
        """CREATE INDEX IF NOT EXISTS releases_search_vector
        ON releases_pressrelease USING GIN (search_vector)""",
    ]


POSTGRESQL_UNINSTALL = [
    "DROP TRIGGER IF EXISTS releases_search_document ON releases_pressrelease",
    "DROP FUNCTION IF EXISTS releases_search_document()",
    "ALTER TABLE releases_pressrelease DROP COLUMN IF EXISTS search_vector",
]
POSTGRESQL_REBUILD = ["UPDATE releases_pressrelease SET title = title"]


def _statements(connection, sqlite, postgresql):
    return {"sqlite": sqlite, "postgresql": postgresql}.get(connection.vendor, [])


def install_search_index(connection=default_connection, body=BODY_COLUMN):
    """Create the index and the triggers that keep it in step; idempotent.

    ``body`` names the column indexed for the body (migrations name theirs)."""
    sqlite = [*sqlite_install(body), *SQLITE_STATE_INSTALL]
    statements = _statements(connection, sqlite, postgresql_install(body))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall_search_index(connection=default_connection):
    statements = _statements(connection, SQLITE_UNINSTALL, POSTGRESQL_UNINSTALL)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild_search_index(connection=default_connection, body=BODY_COLUMN):
    """Index every release afresh (after a restore, or to compact the index)."""
    install_search_index(connection, body)
    statements = _statements(connection, SQLITE_REBUILD, POSTGRESQL_REBUILD)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_triggers(sender, using, **kwargs):
    """Recreate the SQLite triggers that a table rebuild by a migration drops."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if "releases_search" in connection.introspection.table_names():
        install_search_index(connection)


def parse_terms(text):
    """Return the (term, is_prefix) pairs of the words and "quoted phrases" of the
    text that hold a letter or digit, at most MAX_TERMS.

    A word of PREFIX_LENGTH characters or more also matches the longer words it
    starts (ocean: oceanography); a quoted phrase matches as written.
    """
    terms = []
    for phrase, word in _TERM_RE.findall(text):
        term = " ".join((phrase or word).split())
        if _WORD_RE.search(term):
            terms.append((term, bool(word) and len(word) >= PREFIX_LENGTH))
    return terms[:MAX_TERMS]


def fts5_query(terms):
    """Return an FTS5 query matching every term, each quoted as a string."""
    return " ".join(
        '"{}"{}'.format(term.replace('"', '""'), "*" if is_prefix else "")
        for term, is_prefix in terms
    )


class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)


SearchEntry._meta.get_field("document").register_lookup(Match)


class SearchIndexRouter:
    """Keep the index's rows out of dumpdata and loaddata (so out of backups): the
    triggers, or rebuild_search_index, fill it from the releases."""

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "releases" and model_name == "searchentry":
            return False
        return None


def _fts5(function, *arguments):
    """Call an FTS5 auxiliary function on the release's row of the index."""
    return Func(
        F("search_entry__document"),
        *map(Value, arguments),
        function=function,
        output_field=TextField(),
    )


def _search_sqlite(queryset, terms):
    return queryset.filter(search_entry__document__match=fts5_query(terms)).annotate(
        search_rank=-F("search_entry__rank"),
        search_title=_fts5("highlight", 0, MARK_START, MARK_END),
        search_snippet=_fts5("snippet", 2, MARK_START, MARK_END, "…", SNIPPET_WORDS),
    )


class StoredVector(Expression):
    """The release's search_vector column, which the model does not declare."""

    def resolve_expression(self, query=None, *args, **kwargs):
        from django.contrib.postgres.search import SearchVectorField

        field = SearchVectorField()
        field.set_attributes_from_name("search_vector")
        return Col(query.get_initial_alias(), field)


def _search_postgresql(queryset, terms):
    from django.contrib.postgres.search import (
        Lexeme,
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVectorExact,
    )

    def term_query(term, is_prefix, config):
        if is_prefix:
            return SearchQuery(Lexeme(term, prefix=True), config=config)
        return SearchQuery(term, search_type="phrase", config=config)

    query = None
    for term, is_prefix in terms:
        either = term_query(term, is_prefix, "english") | term_query(
            term, is_prefix, "french"
        )
        query = either if query is None else query & either
    config = Case(When(language="fr", then=Value("french")), default=Value("english"))
    return queryset.filter(SearchVectorExact(StoredVector(), query)).annotate(
        search_rank=SearchRank(StoredVector(), query),
        search_title=SearchHeadline(
            "title",
            query,
            config=config,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            highlight_all=True,
        ),
        search_snippet=SearchHeadline(
            BODY_COLUMN,
            query,
            config=config,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            max_fragments=1,
            fragment_delimiter="…",
        ),
    )


def search_releases(queryset, text):
    """Return the releases containing every word of ``text``, most relevant first."""
    terms = parse_terms(text)
    if not terms:
        return queryset.none()
    search = {"sqlite": _search_sqlite, "postgresql": _search_postgresql}[
        default_connection.vendor
    ]
    return search(queryset, terms).order_by("-search_rank", "-published_at", "-pk")


_PUBLIC_MATCHES = """
    FROM releases_search JOIN releases_searchstate state
    ON state.id = releases_search.rowid
    WHERE releases_search MATCH %s AND state.public_from <= %s
    AND (state.language = %s OR state.hidden_from IS NULL OR state.hidden_from > %s)
"""
_PUBLIC_COUNT = "SELECT COUNT(*)" + _PUBLIC_MATCHES
_PUBLIC_PAGE = (
    """SELECT releases_search.rowid, -releases_search.rank,
    highlight(releases_search, 0, %s, %s),
    snippet(releases_search, 2, %s, %s, %s, %s)"""
    + _PUBLIC_MATCHES
    + """ORDER BY releases_search.rank, state.public_from DESC,
    releases_search.rowid DESC LIMIT %s OFFSET %s"""
)


def search_public(releases, text, language):
    """Return the releases of ``releases`` containing every word of ``text``, most
    relevant first, as ``search_releases()`` gives them, where ``releases`` are
    the public releases shown in ``language`` and nothing else.

    On SQLite the matches are counted and ranked inside the index, next to the
    narrow table of what a public search filters on (releases_searchstate), and
    only the releases of the page shown are read (PublicSearchResults); on
    PostgreSQL this is ``search_releases()``.
    """
    terms = parse_terms(text)
    if not terms or default_connection.vendor != "sqlite":
        return search_releases(releases, text)
    return PublicSearchResults(releases, terms, language)


class PublicSearchResults:
    """The public releases of a language matching words, as a paginator takes
    them: ``count()`` and slices, each one query on the index, plus the releases
    of the slice read by id from ``releases`` (which checks them again)."""

    ordered = True

    def __init__(self, releases, terms, language):
        self.releases = releases
        self.model = releases.model
        self.query = fts5_query(terms)
        self.language = language

    def _filter_parameters(self):
        connection = default_connection
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        return [self.query, now, self.language, now]

    def count(self):
        with default_connection.cursor() as cursor:
            cursor.execute(_PUBLIC_COUNT, self._filter_parameters())
            return cursor.fetchone()[0]

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        if stop is None or key.step is not None:
            raise ValueError("Take a slice with an end and no step.")
        marks = [MARK_START, MARK_END]
        parameters = [
            *marks,
            *marks,
            "…",
            SNIPPET_WORDS,
            *self._filter_parameters(),
            max(stop - start, 0),
            start,
        ]
        with default_connection.cursor() as cursor:
            cursor.execute(_PUBLIC_PAGE, parameters)
            rows = cursor.fetchall()
        shown = self.releases.filter(pk__in=[row[0] for row in rows])
        found = {release.pk: release for release in shown}
        page = []
        for pk, rank, title, snippet in rows:
            if pk in found:
                release = found[pk]
                release.search_rank, release.search_title = rank, title
                release.search_snippet = snippet
                page.append(release)
        return page


_MARKED_RE = re.compile(f"{MARK_START}(.*?){MARK_END}", re.DOTALL)


def highlight(text):
    """Return the annotated text as HTML: escaped, matches in <mark>."""
    html = _MARKED_RE.sub(r"<mark>\1</mark>", escape(text))
    return mark_safe(html.replace(MARK_START, "").replace(MARK_END, ""))
