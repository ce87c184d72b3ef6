-- Each load's quality report as the gate judged it (a load judged again keeps the last).
CREATE TABLE report (
    load_id         text PRIMARY KEY,
    ruleset_version text NOT NULL,
    gate            text NOT NULL CHECK (gate IN ('passed', 'warned', 'failed')),
    overall         numeric(5, 2) NOT NULL,
    judged_at       timestamptz NOT NULL DEFAULT now(),
    record          jsonb NOT NULL
);
CREATE INDEX report_judged_at ON report (judged_at);

-- Each rule's result per load: the trend of a rule over the loads.
CREATE TABLE rule_result (
    rule    text NOT NULL,
    load_id text NOT NULL REFERENCES report ON DELETE CASCADE,
    outcome text NOT NULL,
    checked bigint NOT NULL,
    failing bigint NOT NULL,
    PRIMARY KEY (rule, load_id)
);
