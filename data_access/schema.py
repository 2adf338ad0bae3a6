"""The whole database in one SQLAlchemy Core metadata.

It holds the real public data (areas, population, recorded crime, boundaries,
police.uk incidents, deprivation) and the partnership's own data (operational
incidents, surveys, plans, KPIs, risks, board meetings), each row traceable to
a ``dataset`` row that says where it came from and whether it is demo data.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# What a dataset is, shown as a badge on /data-sources: published data (real), worked
# out by this project from real data (computed), a stand-in shipped for the partnership
# to replace (default) or generated where no source exists (demo).
DATASET_STATUSES = ("real", "computed", "default", "demo")

# Provenance: one row per dataset the loader wrote. Every other table points here.
dataset = Table(
    "dataset",
    metadata,
    Column("dataset_id", String(64), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("publisher", String(200), nullable=False, default=""),
    Column("source", Text, nullable=False),
    Column("licence", String(200), nullable=False),
    Column("attribution", Text, nullable=False),
    Column("period_label", String(120), nullable=False),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("is_demo", Boolean, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("row_count", Integer, nullable=False, default=0),
    Column("source_file", String(300)),
    Column("checksum", String(80)),
    Column("notes", Text, nullable=False, default=""),
    # one of DATASET_STATUSES; the loaders always set it (NULL reads as real or demo
    # by is_demo). 'default' may be demo too (the shipped objective links).
    Column("status", String(12)),
    CheckConstraint(
        "status IS NULL OR status IN ('real', 'computed', 'default', 'demo')",
        name="dataset_status_known",
    ),
)

# Areas of every kind: country, region, pfa, lad, csp, rate_area, ward, sector,
# lsoa, unassigned (force-level "Unassigned" rows of the crime table).
area = Table(
    "area",
    metadata,
    Column("area_code", String(40), primary_key=True),
    Column("area_name", String(200), nullable=False),
    Column("area_kind", String(20), nullable=False),
    Column("parent_code", String(40)),
    Column("country", String(20)),
    Column("region_name", String(100)),
    Column("excluded_reason", Text),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)
Index("ix_area_kind", area.c.area_kind)

# Many-to-many area links: lad_in_csp, csp_in_pfa, csp_in_rate_area,
# lad_in_rate_area, lsoa_in_ward.
area_relation = Table(
    "area_relation",
    metadata,
    Column("child_code", String(40), nullable=False),
    Column("parent_code", String(40), nullable=False),
    Column("relation", String(30), nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("child_code", "parent_code", "relation"),
)
Index("ix_area_relation_parent", area_relation.c.relation, area_relation.c.parent_code)

# Ward to sector, versioned: the partnership may redraw its sectors.
ward_sector = Table(
    "ward_sector",
    metadata,
    Column("ward_code", String(20), nullable=False),
    Column("sector_code", String(20), nullable=False),
    Column("mapping_version", String(40), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("note", Text, nullable=False, default=""),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("ward_code", "mapping_version"),
)

population = Table(
    "population",
    metadata,
    Column("area_code", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("population", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("area_code", "year"),
)

# The ONS offence groups and sub-groups, as a tree.
offence_group = Table(
    "offence_group",
    metadata,
    Column("offence_code", String(60), primary_key=True),
    Column("offence_name", String(120), nullable=False),
    Column("parent_code", String(60)),
    Column("level", Integer, nullable=False),
    Column("sort_order", Integer, nullable=False),
)

# Police recorded crime: 12-month counts by CSP (or unassigned row) and offence group.
recorded_crime = Table(
    "recorded_crime",
    metadata,
    Column("area_code", String(40), nullable=False),
    Column("pfa_code", String(20), nullable=False),
    Column("period_end", Date, nullable=False),
    Column("period_months", Integer, nullable=False, default=12),
    Column("offence_code", String(60), nullable=False),
    Column("offence_count", Integer, nullable=False),
    Column("is_demo", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("area_code", "period_end", "offence_code"),
)
Index(
    "ix_recorded_crime_period",
    recorded_crime.c.period_end,
    recorded_crime.c.offence_code,
    recorded_crime.c.is_demo,  # so listing the periods never reads the table
)
# The quartile view reads one offence group for every area and period at once:
# this index holds everything those queries read, so they never visit the table.
Index(
    "ix_recorded_crime_offence",
    recorded_crime.c.offence_code,
    recorded_crime.c.area_code,
    recorded_crime.c.period_end,
    recorded_crime.c.offence_count,
    recorded_crime.c.is_demo,
    recorded_crime.c.dataset_id,
)

# Breaks in a series (recording-practice changes and the like) to mark on trends.
series_break = Table(
    "series_break",
    metadata,
    Column("break_id", Integer, primary_key=True, autoincrement=True),
    Column("series", String(60), nullable=False),
    Column("area_code", String(40)),
    Column("offence_code", String(60)),
    Column("break_date", Date, nullable=False),
    Column("description", Text, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)

# Most similar groups: the CSP (group_code) and its peers. rank 0 is the CSP itself.
msg_membership = Table(
    "msg_membership",
    metadata,
    Column("group_code", String(40), nullable=False),
    Column("member_code", String(40), nullable=False),
    Column("rank", Integer, nullable=False),
    Column("distance", Float),
    Column("method", Text, nullable=False),
    Column("is_official", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("group_code", "member_code"),
)

deprivation = Table(
    "deprivation",
    metadata,
    Column("area_code", String(20), nullable=False),
    Column("index_domain", String(80), nullable=False),
    Column("average_score", Float, nullable=False),
    Column("rank_average_score", Integer, nullable=False),
    Column("average_rank", Float, nullable=False),
    Column("rank_average_rank", Integer, nullable=False),
    Column("proportion_bottom_decile", Float, nullable=False),
    Column("year", Integer, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("area_code", "index_domain", "year"),
)

# Street-level records: police.uk crimes and ASB, and the partnership's
# operational records (fly-tipping, parking, fire, resident reports, notices).
incident = Table(
    "incident",
    metadata,
    Column("incident_id", Integer, primary_key=True, autoincrement=True),
    Column("source_system", String(60), nullable=False),
    Column("agency", String(20), nullable=False),
    Column("category", String(80), nullable=False),
    Column("month", Date, nullable=False),
    Column("occurred_on", Date),
    Column("longitude", Float),
    Column("latitude", Float),
    Column("lsoa_code", String(20)),
    Column("ward_code", String(20)),
    Column("sector_code", String(20)),
    Column("location_text", String(200)),
    Column("outcome", String(120)),
    Column("external_id", String(80)),
    Column("is_demo", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)
Index("ix_incident_month_category", incident.c.month, incident.c.category)
Index("ix_incident_ward_month", incident.c.ward_code, incident.c.month)

# Monthly counts of ``incident``, rebuilt by the loader whenever incidents change
# (data_access/load/incident_summary.py), so pages never scan the incident rows.
incident_month = Table(
    "incident_month",
    metadata,
    Column("month", Date, nullable=False),
    Column("source_system", String(60), nullable=False),
    Column("agency", String(20), nullable=False),
    Column("category", String(80), nullable=False),
    Column("is_demo", Boolean, nullable=False),
    Column("ward_code", String(20)),
    Column("sector_code", String(20)),
    Column("located", Boolean, nullable=False),
    Column("incidents", Integer, nullable=False),
)
Index("ix_incident_month_month", incident_month.c.month)
Index("ix_incident_month_ward", incident_month.c.ward_code, incident_month.c.month)
# The perception page reads a few categories over all months (the police.uk types).
Index(
    "ix_incident_month_by_category", incident_month.c.category, incident_month.c.month
)

# Incidents inside Peterborough's wards with a location, counted per month,
# category, sector and point rounded to 0.001 degrees (the hotspot layer's grid).
incident_point_month = Table(
    "incident_point_month",
    metadata,
    Column("month", Date, nullable=False),
    Column("category", String(80), nullable=False),
    Column("sector_code", String(20)),
    Column("longitude", Float, nullable=False),
    Column("latitude", Float, nullable=False),
    Column("incidents", Integer, nullable=False),
)
Index("ix_incident_point_month_month", incident_point_month.c.month)

# police.uk outcomes (the ``*-outcomes.csv`` files) of crimes placed in Peterborough's
# wards: one row per crime and month its outcome was recorded (police.uk repeats a
# crime's row once per suspect). A crime's latest outcome is its row of the latest
# month. Crime type and month come from the crime's street record when loaded.
crime_outcome = Table(
    "crime_outcome",
    metadata,
    Column("crime_id", String(80), nullable=False),
    Column("month", Date, nullable=False),
    Column("outcome_type", String(120), nullable=False),
    Column("outcome_group", String(60), nullable=False),
    Column("crime_type", String(80)),
    Column("crime_month", Date),
    Column("ward_code", String(20), nullable=False),
    Column("sector_code", String(20)),
    Column("lsoa_code", String(20)),
    Column("longitude", Float),
    Column("latitude", Float),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("crime_id", "month"),
)
Index("ix_crime_outcome_month", crime_outcome.c.month)

# police.uk stop and search records in Peterborough's wards, without the time of
# day, the point or officer-defined ethnicity: the page shows only counts.
stop_search = Table(
    "stop_search",
    metadata,
    Column("stop_search_id", Integer, primary_key=True, autoincrement=True),
    Column("month", Date, nullable=False),
    Column("search_type", String(40), nullable=False),
    Column("legislation", String(120)),
    Column("object_of_search", String(120)),
    Column("outcome", String(120)),
    Column("outcome_linked", Boolean),
    Column("removal_more_than_outer", Boolean),
    Column("age_range", String(20)),
    Column("gender", String(20)),
    Column("ethnicity_group", String(40), nullable=False),
    Column("ward_code", String(20), nullable=False),
    Column("sector_code", String(20)),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)
Index("ix_stop_search_month", stop_search.c.month)

boundary = Table(
    "boundary",
    metadata,
    Column("area_code", String(40), nullable=False),
    Column("vintage", String(20), nullable=False),
    Column("geojson", Text, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("area_code", "vintage"),
)

survey = Table(
    "survey",
    metadata,
    Column("survey_id", String(60), primary_key=True),
    Column("survey_name", String(200), nullable=False),
    Column("provider", String(200), nullable=False),
    Column("geography", String(60), nullable=False),
    Column("design_effect", Float, nullable=False, default=1.0),
    Column("is_demo", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)

survey_question = Table(
    "survey_question",
    metadata,
    Column("question_code", String(60), primary_key=True),
    Column("question_text", Text, nullable=False),
    Column("short_label", String(80), nullable=False),
    # "higher_is_worse" (thinks crime has gone up) or "higher_is_better" (feels safe).
    Column("direction", String(20), nullable=False),
)

survey_result = Table(
    "survey_result",
    metadata,
    Column("survey_id", String(60), ForeignKey("survey.survey_id"), nullable=False),
    Column("wave", String(40), nullable=False),
    Column("fieldwork_start", Date, nullable=False),
    Column("fieldwork_end", Date, nullable=False),
    Column("area_code", String(40), nullable=False),
    Column("question_code", String(60), nullable=False),
    Column("base_size", Integer),
    Column("estimate", Float, nullable=False),
    # The publisher's own significance flags, where it gives them (CSEW force
    # tables): different from England and Wales at the 5% level; change on the
    # year before ("up", "down" or "none").
    Column("significant_vs_reference", Boolean),
    Column("change_vs_previous", String(10)),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("survey_id", "wave", "area_code", "question_code"),
)

# Published annual counts by area, with the publisher's own population and rate
# where it gives them: police recorded ASB incidents by force (ONS Table P7),
# fly-tipping incidents and enforcement actions by local authority, region and
# England (Defra). Rates of our own come from ``population`` by the one rule.
annual_count = Table(
    "annual_count",
    metadata,
    Column("series", String(60), nullable=False),
    Column("area_code", String(40), nullable=False),
    Column("area_name", String(200), nullable=False),
    Column("period_label", String(20), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("value", Integer, nullable=False),
    Column("published_population", Integer),
    Column("published_rate", Float),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("series", "area_code", "period_end"),
)
Index("ix_annual_count_area", annual_count.c.series, annual_count.c.area_code)

# Plans: Police and Crime Plan versions, SPP plans, PES priority areas.
plan = Table(
    "plan",
    metadata,
    Column("plan_id", String(60), primary_key=True),
    Column("plan_kind", String(20), nullable=False),  # pcp, spp, pes
    Column("title", String(200), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date),
    Column("status", String(40), nullable=False),
    Column("source", Text, nullable=False, default=""),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)

plan_objective = Table(
    "plan_objective",
    metadata,
    Column("objective_id", String(80), primary_key=True),
    Column("plan_id", String(60), ForeignKey("plan.plan_id"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False),
    Column("confirmed", Boolean, nullable=False),
)

objective_link = Table(
    "objective_link",
    metadata,
    Column("from_objective_id", String(80), nullable=False),
    Column("to_objective_id", String(80), nullable=False),
    Column("strength", Integer, nullable=False),  # 1 weak, 2 moderate, 3 strong
    Column("rationale", Text, nullable=False, default=""),
    Column("is_demo", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("from_objective_id", "to_objective_id"),
)

# Pages of this dashboard that give evidence on a plan objective (a partnership
# default from data/partnership/objective_evidence.csv, not a fact).
objective_evidence = Table(
    "objective_evidence",
    metadata,
    Column("objective_id", String(80), nullable=False),
    Column("path", String(200), nullable=False),
    Column("label", String(200), nullable=False),
    Column("source_note", Text, nullable=False, default=""),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("objective_id", "path"),
)

kpi = Table(
    "kpi",
    metadata,
    Column("kpi_id", String(60), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("owner_agency", String(20), nullable=False),  # council, police, fire, prison
    # The named role answerable for the KPI, e.g. "PES Northern sector manager".
    Column("owner_role", String(120), nullable=False, default=""),
    Column("sector_code", String(20)),
    Column("unit", String(40), nullable=False),
    Column(
        "direction", String(20), nullable=False
    ),  # lower_is_better, higher_is_better
    Column("target", Float),
    Column("baseline", Float),
    Column("tolerance", Float, nullable=False, default=0.05),
    Column("frequency", String(20), nullable=False),  # monthly, quarterly, annual
    Column("value_kind", String(20), nullable=False),  # count, rate, percentage
    Column("is_demo", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)

kpi_objective = Table(
    "kpi_objective",
    metadata,
    Column("kpi_id", String(60), ForeignKey("kpi.kpi_id"), nullable=False),
    Column("objective_id", String(80), nullable=False),
    UniqueConstraint("kpi_id", "objective_id"),
)

kpi_value = Table(
    "kpi_value",
    metadata,
    Column("kpi_id", String(60), ForeignKey("kpi.kpi_id"), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("value", Float, nullable=False),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
    UniqueConstraint("kpi_id", "period_end"),
)

risk = Table(
    "risk",
    metadata,
    Column("risk_id", String(40), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("owner", String(120), nullable=False),
    Column("owner_agency", String(20), nullable=False),
    Column("likelihood", Integer, nullable=False),  # 1 to 5
    Column("impact", Integer, nullable=False),  # 1 to 5
    Column("mitigation", Text, nullable=False, default=""),
    Column("review_date", Date, nullable=False),
    Column("status", String(20), nullable=False),  # open, closed
    Column("is_demo", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)

board_meeting = Table(
    "board_meeting",
    metadata,
    Column("meeting_id", String(40), primary_key=True),
    Column("meeting_date", Date, nullable=False),
    Column("period_shown_end", Date, nullable=False),
    Column("notes", Text, nullable=False, default=""),
    Column("is_demo", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)

# What the board was shown, frozen by the loader so a pack can be rebuilt later.
board_snapshot = Table(
    "board_snapshot",
    metadata,
    Column(
        "meeting_id", String(40), ForeignKey("board_meeting.meeting_id"), nullable=False
    ),
    Column("item_key", String(80), nullable=False),
    Column("payload_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("meeting_id", "item_key"),
)

# Named board agendas: an agenda string (see domain.agenda) under a name.
board_agenda = Table(
    "board_agenda",
    metadata,
    Column("agenda_id", String(40), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("items", Text, nullable=False),
    Column("is_default", Boolean, nullable=False),
    Column("dataset_id", String(64), ForeignKey("dataset.dataset_id")),
)
