-- cablegram's corpus store (DuckDB). One row per document in `documents`;
-- every other table hangs off it by doc_id. Ids are content-derived (see
-- cablegram/ids.py), so re-ingesting an article is a no-op. A document and
-- all its rows are written in one transaction: a killed run never leaves
-- half a document. Offsets (start/end) are character offsets into
-- documents.text. Readers: the web view (`cablegram serve`), `cablegram sql`.
-- Bump store_meta.schema_version when a table changes shape.

CREATE TABLE IF NOT EXISTS store_meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY,          -- hash of the raw input (ids.document_id)
    title VARCHAR,
    dek VARCHAR,
    url VARCHAR,
    published VARCHAR,               -- ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    published_source VARCHAR,       -- given | url | text | html
    section VARCHAR,
    publisher VARCHAR,
    agency VARCHAR,
    byline VARCHAR,
    photo_credit VARCHAR,
    caption VARCHAR,
    language VARCHAR,
    text VARCHAR,                    -- the clean article
    words INTEGER,                   -- whitespace-separated words of text
    format VARCHAR,                  -- text | html
    source VARCHAR,                  -- where it came from: path, path:line, warc#offset, feed entry, URL
    raw VARCHAR,                     -- the input as read (before cleaning)
    analysis JSON,                   -- the full Analysis (schema/analysis.schema.json)
    pipeline VARCHAR,
    cablegram_version VARCHAR,
    ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS actors (
    doc_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,             -- same id across documents for countries, IGOs, named people
    name VARCHAR,
    type VARCHAR,                    -- person | country | organization | group | anonymous
    country VARCHAR,                 -- ISO 3166 alpha-3
    sector VARCHAR,                  -- PLOVER sector (GOV, MIL, ...)
    code VARCHAR,                    -- CAMEO-style country + sector, e.g. RUSMIL
    roles VARCHAR[],
    ambiguous BOOLEAN,
    mention_count INTEGER,
    PRIMARY KEY (doc_id, id)
);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    "start" INTEGER,
    "end" INTEGER,
    text VARCHAR
);

CREATE TABLE IF NOT EXISTS attributions (
    doc_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    kind VARCHAR,                    -- direct | indirect | mixed
    content_start INTEGER,
    content_end INTEGER,
    content_text VARCHAR,
    speaker VARCHAR,                 -- actor id
    speaker_name VARCHAR,            -- the speaker actor's canonical name
    speaker_start INTEGER,
    speaker_end INTEGER,
    speaker_text VARCHAR,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text VARCHAR,
    source_kind VARCHAR,             -- named | anonymous | group | organization | document | unknown
    PRIMARY KEY (doc_id, id)
);

CREATE TABLE IF NOT EXISTS events (
    doc_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    type VARCHAR,                    -- PLOVER event type
    mode VARCHAR,
    cameo VARCHAR,                   -- CAMEO code as a string ("042", not 42)
    quad_class VARCHAR,
    source VARCHAR[],                -- actor ids
    target VARCHAR[],                -- actor ids
    source_country VARCHAR[],        -- the source actors' countries (for dyad queries)
    target_country VARCHAR[],
    what VARCHAR,
    modality VARCHAR,
    tense VARCHAR,
    claimant VARCHAR,                -- actor id, null if the reporter
    attribution VARCHAR,             -- attribution id
    date_text VARCHAR,
    date_value VARCHAR,              -- ISO 8601
    report_date BOOLEAN,             -- the date is the publication date
    published VARCHAR,               -- the document's publication date (copied for queries)
    place VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    trigger_text VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_text VARCHAR,
    reciprocal BOOLEAN,              -- the parties act on each other (one event, both parties)
    event_date VARCHAR,              -- date_value when it names a calendar time, else published
    date_start DATE,                 -- the days event_date covers (first, last) and how precise it is:
    date_end DATE,                   --   day | week | month | quarter | year | decade | century
    date_precision VARCHAR,
    source_key VARCHAR[],            -- the parties as counted across articles (ISO3, else actor id;
    target_key VARCHAR[],            --   an unnamed group is keyed within its article)
    partition VARCHAR,               -- type|parties: the reports that may be one event (store/clusters.py)
    PRIMARY KEY (doc_id, id)
);

-- Events counted once: the reports (rows of `events`) of one event, in one or several articles,
-- clustered by type, parties and a date window (store/clusters.py). Recomputed, partition by
-- partition, in the transaction that adds the reports.
CREATE TABLE IF NOT EXISTS event_clusters (
    id VARCHAR PRIMARY KEY,          -- derived from its first report
    partition VARCHAR,
    type VARCHAR,
    quad_class VARCHAR,
    source VARCHAR[],                -- party keys (ISO3 or actor id), as in events.source_key
    target VARCHAR[],
    reciprocal BOOLEAN,              -- an unordered pair: source and target act on each other
    date VARCHAR,                    -- the date of its first (finest-dated, earliest) report
    date_start DATE,
    date_end DATE,
    precision VARCHAR,
    first_seen DATE,                 -- the span all its reports' dates cover
    last_seen DATE,
    reports INTEGER,                 -- how many sentences report it (a mirrored pair is one)
    documents INTEGER,               -- in how many articles
    modalities VARCHAR[],
    first_doc VARCHAR,               -- its first report
    first_event VARCHAR
);

CREATE TABLE IF NOT EXISTS event_reports (
    cluster_id VARCHAR NOT NULL,
    doc_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, event_id)
);

CREATE TABLE IF NOT EXISTS times (
    doc_id VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    "start" INTEGER,
    "end" INTEGER,
    text VARCHAR,
    type VARCHAR,                    -- DATE | TIME | DURATION | SET
    value VARCHAR,
    granularity VARCHAR,
    anchor VARCHAR,
    PRIMARY KEY (doc_id, id)
);

CREATE TABLE IF NOT EXISTS errors (
    source VARCHAR PRIMARY KEY,      -- a source that failed; cleared when it later succeeds
    reason VARCHAR,
    code VARCHAR,                    -- cablegram error code (E0xx) or the exception class
    "at" TIMESTAMP
);
