-- The store's schema. Every table and column is described in docs/schema.md.
-- Range rules live here as CHECK constraints; rules that span tables
-- (a fund's locality exists, every record has a source) are checked by
-- `python -m dash check`, so that stores written by other tools are checked too.

CREATE TABLE store_info (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Every write a person made (an import, a decision, a role), one row per journal entry
-- (dash.store.journal): who, when, what. A build replays the journal and refills it.
CREATE TABLE writes (
    entry      INTEGER PRIMARY KEY,
    kind       VARCHAR NOT NULL,
    written_by VARCHAR NOT NULL,   -- the name signed: st.user's name, the CLI's --by or OS user
    written_at TIMESTAMP NOT NULL,
    summary    VARCHAR NOT NULL,
    email      VARCHAR,            -- the signed-in address; empty for the command line and this machine
    via        VARCHAR NOT NULL CHECK (via IN ('sign-in', 'this machine', 'command line')),
    subject    VARCHAR             -- what changed: a meeting id, 'theme|key point', a file name, an address
);

-- What an imported write-up mentions (sums, shares, lived-experience shares, places), kept for an
-- editor to confirm as a fund, a fund's size, a panel's share or the meeting's place.
CREATE TABLE mentions (
    meeting_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL,   -- the order in which the write-up mentions them
    kind       VARCHAR NOT NULL,   -- 'money', 'share of money', 'lived-experience share', 'place'
    text       VARCHAR NOT NULL,   -- as the write-up words it
    value      VARCHAR NOT NULL,   -- read as: '£25,000', '50%', or a place's id
    context    VARCHAR NOT NULL,   -- the words around it
    confirmed_as VARCHAR,          -- once an editor confirmed it: the record it made or set, 'funds|fund-…'
    PRIMARY KEY (meeting_id, position)
);

-- Every change an editor made to a record (dash.write.records), one row a change, with the changed
-- cells as a spreadsheet holds them before and after: what Undo and `dash history` read.
CREATE TABLE record_changes (
    entry      INTEGER NOT NULL,   -- the write (writes.entry) that made the change
    table_name VARCHAR NOT NULL,
    record_id  VARCHAR NOT NULL,
    action     VARCHAR NOT NULL CHECK (action IN ('add', 'edit', 'retire', 'unretire', 'remove')),
    before     VARCHAR,            -- JSON: the changed cells before (none for an addition)
    after      VARCHAR,            -- JSON: the changed cells after (none for a removal)
    undoes     INTEGER             -- the change this one undid
);

-- Who may change what once sign-in is set up (docs/deployment.md): an e-mail address, or a whole
-- domain written '@example.org', and its role. An address's own row wins over its domain's; anyone
-- signed in with neither is a viewer. Admins named in the configuration are admins whatever this says.
CREATE TABLE roles (
    pattern    VARCHAR PRIMARY KEY,
    role       VARCHAR NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    granted_by VARCHAR NOT NULL,
    granted_at TIMESTAMP NOT NULL
);

CREATE TABLE sources (
    source_id    VARCHAR PRIMARY KEY,
    title        VARCHAR NOT NULL,
    publisher    VARCHAR,
    author       VARCHAR,
    published_on DATE,
    url          VARCHAR CHECK (url IS NULL OR regexp_full_match(url, '(?i)https?://[^\s<>()\[\]"''`]+')),
    document     VARCHAR,
    locator      VARCHAR,
    notes        VARCHAR
);

CREATE TABLE localities (
    locality_id VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,   -- as people say it: 'Bristol'
    ons_name    VARCHAR,            -- the ONS's own name, when it has one: 'Bristol, City of'
    kind        VARCHAR NOT NULL,
    ons_code    VARCHAR,
    parent_id   VARCHAR,
    is_current  BOOLEAN NOT NULL DEFAULT TRUE,
    source_id   VARCHAR,
    notes       VARCHAR
);

-- Membership beside the main hierarchy: a combined authority or a named
-- combined area (North West London) and the districts it is made of.
CREATE TABLE locality_parts (
    locality_id VARCHAR NOT NULL,
    part_id     VARCHAR NOT NULL,
    PRIMARY KEY (locality_id, part_id)
);

-- Towns and neighbourhoods, each named for one current council only (data/geo/towns.csv, made by
-- dash.devtools.gazetteer from GeoNames, CC BY 4.0): a write-up naming Paignton is placed in Torbay.
CREATE TABLE district_places (
    name        VARCHAR PRIMARY KEY,  -- as written: 'Paignton', 'St Neots', 'Ross-on-Wye'
    locality_id VARCHAR NOT NULL,     -- the current council it lies in (localities.locality_id)
    population  INTEGER NOT NULL,     -- GeoNames' figure for the place
    geonameid   BIGINT NOT NULL       -- the place's GeoNames id: where the row came from
);

-- Every (place, place it lies within) pair, including each place with itself.
-- Built from parent_id and locality_parts so that "everything inside a region"
-- is one indexed lookup instead of a recursive query on every page view.
CREATE TABLE locality_within (
    locality_id VARCHAR NOT NULL,
    within_id   VARCHAR NOT NULL,
    depth       INTEGER NOT NULL,
    PRIMARY KEY (locality_id, within_id)
);

-- Money against need (data/need/README.md): each current local authority's population and its
-- place in its own nation's deprivation index, loaded by every build like the ONS geography.
-- Nations' indices differ (year, domains, small areas): a rank or decile is read only within its nation.
CREATE TABLE need_sources (
    source_id  VARCHAR PRIMARY KEY,
    what       VARCHAR NOT NULL,   -- 'population, Scotland', 'deprivation, England'
    title      VARCHAR NOT NULL,
    publisher  VARCHAR NOT NULL,
    edition    VARCHAR NOT NULL,   -- the estimate's date or the index's year
    url        VARCHAR NOT NULL,
    licence    VARCHAR NOT NULL,
    taken_from VARCHAR NOT NULL    -- the repository, file and commit the reference copy came from
);

CREATE TABLE need_population (
    locality_id    VARCHAR PRIMARY KEY,  -- a current district (localities.locality_id)
    nation_id      VARCHAR NOT NULL,     -- its nation: E92000001, W92000004, S92000003, N92000002
    population     BIGINT NOT NULL CHECK (population > 0),
    estimate_for   DATE NOT NULL,        -- 2025-06-30; 2024-06-30 for Barnsley and Sheffield
    source_id      VARCHAR NOT NULL,     -- need_sources
    code_in_source VARCHAR NOT NULL      -- the code the source writes it under
);

CREATE TABLE need_deprivation (
    locality_id               VARCHAR PRIMARY KEY,
    nation_id                 VARCHAR NOT NULL,
    index_id                  VARCHAR NOT NULL,   -- need_sources: the nation's own index
    average_rank              DOUBLE NOT NULL,    -- higher = more deprived (MHCLG's File 10 scale)
    rank_in_nation            INTEGER NOT NULL CHECK (rank_in_nation > 0),  -- 1 = most deprived
    places_in_nation          INTEGER NOT NULL,
    decile_in_nation          INTEGER NOT NULL CHECK (decile_in_nation BETWEEN 1 AND 10),  -- 1 = most deprived tenth
    most_deprived_tenth_share DOUBLE NOT NULL CHECK (most_deprived_tenth_share BETWEEN 0 AND 1),
    small_areas               INTEGER,            -- its small areas (empty for England: File 10 gives none)
    small_areas_in_nation     INTEGER NOT NULL,
    method                    VARCHAR NOT NULL,
    code_in_source            VARCHAR NOT NULL
);

CREATE TABLE organisations (
    org_id      VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    kind        VARCHAR,
    locality_id VARCHAR,
    source_id   VARCHAR
);

CREATE TABLE funds (
    fund_id           VARCHAR PRIMARY KEY,
    name              VARCHAR NOT NULL,
    org_id            VARCHAR,
    locality_id       VARCHAR,
    fund_kind         VARCHAR NOT NULL,
    amount_gbp        DECIMAL(14, 2) CHECK (amount_gbp >= 0),
    participatory_gbp DECIMAL(14, 2) CHECK (participatory_gbp >= 0),
    budget_share      DOUBLE CHECK (budget_share BETWEEN 0 AND 1),
    period_months     INTEGER CHECK (period_months > 0),
    money_from        VARCHAR,
    approach          VARCHAR,
    reported_on       DATE,
    source_id         VARCHAR,
    notes             VARCHAR,
    retired_on        DATE,              -- set by an editor (dash.write.records): left out of every count
    target_lived_experience_share DOUBLE CHECK (target_lived_experience_share BETWEEN 0 AND 1)
);

CREATE TABLE panels (
    panel_id               VARCHAR PRIMARY KEY,
    fund_id                VARCHAR,
    locality_id            VARCHAR,
    name                   VARCHAR NOT NULL,
    model                  VARCHAR,
    members                INTEGER CHECK (members > 0),
    lived_experience_members INTEGER CHECK (lived_experience_members >= 0),
    lived_experience_share DOUBLE CHECK (lived_experience_share BETWEEN 0 AND 1),
    paid                   BOOLEAN,
    pay_basis              VARCHAR,
    trained                BOOLEAN,
    powers                 VARCHAR,
    source_id              VARCHAR,
    notes                  VARCHAR,
    retired_on             DATE
);

CREATE TABLE meetings (
    meeting_id       VARCHAR PRIMARY KEY,
    title            VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    held_on          DATE,
    organiser_org_id VARCHAR,
    organiser        VARCHAR,
    locality_id      VARCHAR,
    source_id        VARCHAR,
    retired_on       DATE
);

-- Places a meeting discussed, beyond where it was held.
CREATE TABLE meeting_places (
    meeting_id  VARCHAR NOT NULL,
    locality_id VARCHAR NOT NULL,
    note        VARCHAR,
    PRIMARY KEY (meeting_id, locality_id)
);

CREATE TABLE speakers (
    speaker_id  VARCHAR PRIMARY KEY,
    meeting_id  VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    affiliation VARCHAR
);

CREATE TABLE insights (
    insight_id VARCHAR PRIMARY KEY,
    meeting_id VARCHAR NOT NULL,
    position   INTEGER NOT NULL CHECK (position > 0),
    kind       VARCHAR,
    text       VARCHAR NOT NULL,
    UNIQUE (meeting_id, position)
);

CREATE TABLE themes (
    theme_id         VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    definition       VARCHAR,
    codebook_version VARCHAR
);

CREATE TABLE insight_themes (
    insight_id VARCHAR NOT NULL,
    theme_id   VARCHAR NOT NULL,
    -- 'disputed': reviewers disagree and nobody has settled it yet (counted with the suggestions)
    status     VARCHAR NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected', 'disputed')),
    method     VARCHAR NOT NULL,
    evidence   VARCHAR,
    decided_by VARCHAR,
    decided_at TIMESTAMP,
    PRIMARY KEY (insight_id, theme_id)
);

-- Each reviewer's own latest say on a code, kept apart so reviewers can be compared: a vote
-- (settles = false) and, once people disagree, the decision that settles it (settles = true).
-- insight_themes holds the settled code, which is what the charts count.
CREATE TABLE theme_reviews (
    insight_id VARCHAR NOT NULL,
    theme_id   VARCHAR NOT NULL,
    reviewer   VARCHAR NOT NULL,
    settles    BOOLEAN NOT NULL,
    says_yes   BOOLEAN NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    sequence   BIGINT NOT NULL,  -- the order decisions were applied in: the latest wins
    PRIMARY KEY (insight_id, theme_id, reviewer, settles)
);

-- One row per grant, in the 360Giving Data Standard's shape.
CREATE TABLE grants (
    grant_id                  VARCHAR PRIMARY KEY,
    title                     VARCHAR NOT NULL,
    description               VARCHAR,
    currency                  VARCHAR NOT NULL,
    amount_awarded            DECIMAL(14, 2) NOT NULL,
    award_date                DATE NOT NULL,
    planned_start             DATE,
    planned_end               DATE,
    recipient_org_id          VARCHAR,
    recipient_org_name        VARCHAR,
    funding_org_id            VARCHAR,
    funding_org_name          VARCHAR,
    grant_programme_title     VARCHAR,
    beneficiary_location_code VARCHAR,
    beneficiary_location_name VARCHAR,
    locality_id               VARCHAR,
    fund_id                   VARCHAR,
    extra                     JSON,
    source_id                 VARCHAR
);

-- A grant's answers under 360Giving's DEI extension: one row per grant and area (leadership,
-- mission, project), every field kept (docs/schema.md says how the codes are read).
CREATE TABLE grant_dei (
    grant_id           VARCHAR NOT NULL,
    area               VARCHAR NOT NULL,
    asked_status       VARCHAR,
    reply_status       VARCHAR,
    available_options  VARCHAR[],
    additional_details VARCHAR,
    taxonomy_codes     VARCHAR[],
    lived_experience   VARCHAR,
    geography          VARCHAR,
    dei_version        VARCHAR,
    purposes           VARCHAR,
    to_individual      BOOLEAN NOT NULL,
    extra              JSON,
    PRIMARY KEY (grant_id, area)
);

-- Summary tables: derived from the tables above and refreshed by every write
-- (dash.store.summaries), so a page asks them for an answer instead of joining
-- 200,000 key points to their meetings and places on every filter change.

-- Each place, the smallest current district containing it, and that district's region or nation
-- (places wider than a district have no row).
CREATE TABLE district_of (
    locality_id VARCHAR NOT NULL,
    district_id VARCHAR NOT NULL,
    region_id   VARCHAR
);

-- Every area a meeting counts under: where it was held and the places it discussed,
-- with everything those lie within (a region, a county, a combined area).
CREATE TABLE meeting_areas (
    within_id  VARCHAR NOT NULL,
    meeting_id VARCHAR NOT NULL
);

-- Each source as charts, tables and slides cite it: 'Title — Publisher, reported 9 February 2022'.
CREATE TABLE source_lines (
    source_id   VARCHAR NOT NULL,
    line        VARCHAR NOT NULL,
    reported_on DATE
);

-- Grants counted by place, month, currency and GrantNav amount band: the Grants page's totals, bands,
-- years, places and map read these few thousand rows instead of every grant (dash.queries.grants).
CREATE TABLE grant_cells (
    locality_id  VARCHAR,
    award_month  DATE,
    currency     VARCHAR,
    band_order   INTEGER NOT NULL,
    grants       BIGINT NOT NULL,
    amount       DECIMAL(38, 2),
    first_award  DATE,
    last_award   DATE
);

-- One row per theme code with the meeting facts the filters need, joined once.
CREATE TABLE theme_codes (
    insight_id       VARCHAR NOT NULL,
    theme_id         VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    meeting_id       VARCHAR NOT NULL,
    held_on          DATE,
    organiser_org_id VARCHAR
);
