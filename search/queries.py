"""Searching the supermarket in Elasticsearch: one request, results and facets.

Matching: each of the query's concepts (`analysis.concepts`) against the
stored tokens of title, summary and body (title counts most); the standard
CJK bigrams of the plain text only add to the score of what matched, so the
index finds exactly what the database fallback finds. Freshness, views,
completions and ratings only nudge the order. Facet counts come back in the
same request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape

from . import analysis, client

FACETS = (
    "kind",
    "content_area",
    "audiences",
    "format",
    "duration_band",
    "institution",
    "district",
    "local_topic",
    "featured",
)
SORTS = {
    "relevance": None,
    "newest": [{"published_at": "desc"}],
    "most_watched": [{"views": "desc"}, "_score"],
    "best_rated": [{"rating": "desc"}, "_score"],
}
PAGE_SIZE = 20
SOURCE = [
    "kind", "page_id", "group_id", "external_id", "url", "title", "detail", "summary",
    "content_area", "content_area_name", "audiences", "format", "duration_seconds",
    "institution",
    "institution_name", "coming",
]  # fmt: skip


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    size: int = PAGE_SIZE
    #: The resident's chosen place and its district (slugs): what is there
    #: ranks before what is as relevant but far away.
    near_institution: str = ""
    near_district: str = ""


#: How much nearer counts, as a factor on relevance: the resident's own place
#: most, then the rest of the district. A faraway match that is more than
#: twice as relevant still comes first.
NEAR_INSTITUTION = 2.0
NEAR_DISTRICT = 1.5


@dataclass
class Hit:
    id: int
    external_id: str
    kind: str
    title: str
    url: str
    detail: str
    coming: bool
    snippet: str
    content_area: str
    content_area_name: str
    audiences: list[str]
    format: str
    duration_seconds: int
    institution: str
    institution_name: str


@dataclass
class SearchResult:
    count: int
    hits: list[Hit]
    facets: dict[str, list[dict]]
    engine: str = "elasticsearch"
    degraded: bool = False  # answered by the database because the index is down


WORD_FIELDS = ["title_words^6", "summary_words^3", "body_words"]
PLAIN_FIELDS = ["title^3", "summary^1.5", "body^0.5", "course_title"]


#: The weight of a token set by its closeness (`analysis.EXACT` …): the word
#: as typed beats its own pieces, which beat a thesaurus word.
CLOSENESS_BOOST = {analysis.EXACT: 1.0, analysis.OWN: 0.75, analysis.RELATED: 0.4}


def _concept_query(concept: analysis.Concept) -> dict:
    """Any one of the concept's token sets, all of its tokens in one field."""
    return {
        "dis_max": {
            "queries": [
                {
                    "multi_match": {
                        "query": " ".join(group),
                        "fields": WORD_FIELDS,
                        "type": "most_fields",
                        "operator": "and",
                        # Its tokens' scores add up; a set of three pairs is
                        # one match, not three times the word as typed.
                        "boost": CLOSENESS_BOOST[close] / len(group),
                    }
                }
                for group, close in zip(
                    concept.alternatives, concept.closeness, strict=True
                )
            ],
            "tie_breaker": 0.2,
        }
    }


def _inside_words_query(character: str) -> dict:
    """Stored words holding the character (拳 in 太极拳), title first."""
    return {
        "dis_max": {
            "queries": [
                {"wildcard": {field: {"value": f"*{character}*", "boost": boost}}}
                for field, boost in (
                    ("title_words", 6),
                    ("summary_words", 3),
                    ("body_words", 1),
                )
            ]
        }
    }


def _text_query(query: str, concepts: list[analysis.Concept]) -> dict:
    """Any concept finds an entry; one holding every concept counts its
    concepts twice, so 老年人防跌倒 (老人 and 摔倒, each by its thesaurus
    word) comes before 居家照护老人的基本功 (老人 alone). The words as
    written rank the closest first.

    Typed pinyin is ranked by the Chinese it was read back into, so gaoxueya
    orders its results exactly as 高血压 does.
    """
    if not concepts:
        return {"match_none": {}}
    character = analysis.single_character(query)
    if character:
        return _inside_words_query(character)
    written = analysis.as_written(query, concepts)
    return {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [_concept_query(c) for c in concepts],
                        "minimum_should_match": 1,
                    }
                }
            ],
            "should": [
                *(
                    [{"bool": {"must": [_concept_query(c) for c in concepts]}}]
                    if len(concepts) > 1
                    else []
                ),
                {
                    "multi_match": {
                        "query": written,
                        "fields": [
                            "title^3",
                            "summary^1.5",
                            "body^0.5",
                            "course_title",
                        ],
                        "type": "most_fields",
                        "minimum_should_match": "60%",
                    }
                },
            ],
        }
    }


def build_body(request: SearchRequest, concepts: list[analysis.Concept]) -> dict:
    """The `_search` body: pure, so its shape is unit-testable."""
    # An event that has ended is never offered, even before its document goes.
    filters: list[dict] = [
        {"bool": {"must_not": {"range": {"ends_at": {"lt": "now"}}}}}
    ]
    for name, value in request.filters.items():
        if name in FACETS and value:
            if name == "featured":
                filters.append({"term": {"featured": value in ("1", "true", True)}})
            else:
                filters.append({"term": {name: value}})
    query: dict = (
        _text_query(request.query, concepts)
        if request.query.strip()
        else {"match_all": {}}
    )
    scored = {
        "function_score": {
            "query": {"bool": {"must": [query], "filter": filters}},
            "functions": [
                {
                    "field_value_factor": {
                        "field": "views",
                        "modifier": "log1p",
                        "factor": 0.1,
                        "missing": 0,
                    }
                },
                {
                    "field_value_factor": {
                        "field": "completions",
                        "modifier": "log1p",
                        "factor": 0.2,
                        "missing": 0,
                    }
                },
                {
                    "field_value_factor": {
                        "field": "rating",
                        "factor": 0.05,
                        "missing": 0,
                    }
                },
                {
                    "gauss": {
                        "published_at": {"origin": "now", "scale": "365d", "decay": 0.5}
                    },
                    "weight": 0.3,
                },
            ],  # fmt: skip
            "score_mode": "sum",
            "boost_mode": "sum",
        }
    }
    nearby = [
        {"filter": {"term": {field: slug}}, "weight": weight}
        for field, slug, weight in (
            ("institution", request.near_institution, NEAR_INSTITUTION),
            ("district", request.near_district, NEAR_DISTRICT),
        )
        if slug
    ]
    if nearby:  # documents that match neither keep their score (factor 1)
        scored = {
            "function_score": {
                "query": scored,
                "functions": nearby,
                "score_mode": "max",
                "boost_mode": "multiply",
            }
        }
    size = max(1, min(request.size, 100))
    page = max(1, request.page)
    body: dict = {
        "query": scored,
        "from": (page - 1) * size,
        "size": size,
        "track_total_hits": True,
        "_source": SOURCE,
        "aggs": {name: {"terms": {"field": name, "size": 50}} for name in FACETS},
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "fields": {
                "summary": {"number_of_fragments": 1, "fragment_size": 80},
                "body": {"number_of_fragments": 1, "fragment_size": 80},
            },
        },
    }
    if SORTS.get(request.sort):
        body["sort"] = SORTS[request.sort]
    return body


def _hit(raw: dict) -> Hit:
    source = raw["_source"]
    highlight = raw.get("highlight", {})
    snippet = (highlight.get("summary") or highlight.get("body") or [""])[0]
    snippet = snippet or escape(source.get("summary", "")[:120])
    return Hit(
        id=source["page_id"] or source.get("group_id", 0),
        external_id=source.get("external_id", ""),
        kind=source["kind"],
        title=source["title"],
        url=source["url"],
        detail=source.get("detail", ""),
        coming=source.get("coming", False),
        snippet=snippet,
        content_area=source.get("content_area", ""),
        content_area_name=source.get("content_area_name", ""),
        audiences=source.get("audiences", []),
        format=source.get("format", ""),
        duration_seconds=source.get("duration_seconds", 0),
        institution=source.get("institution", ""),
        institution_name=source.get("institution_name", ""),
    )


def search(request: SearchRequest, *, concepts: list[analysis.Concept] | None = None):
    """Run a search against the alias; raises the client's errors when down.

    `concepts` defaults to the query's own, without synonyms or pinyin."""
    if concepts is None:
        concepts = analysis.concepts(request.query)
    body = build_body(request, concepts)
    response = client.get_client().search(index=client.pages_alias(), **body)
    facets = {
        name: [
            {
                "value": str(bucket.get("key_as_string", bucket["key"])).lower(),
                "count": bucket["doc_count"],
            }
            for bucket in response["aggregations"][name]["buckets"]
            if str(bucket["key"]) != ""
        ]  # fmt: skip
        for name in FACETS
    }
    return SearchResult(
        count=response["hits"]["total"]["value"],
        hits=[_hit(raw) for raw in response["hits"]["hits"]],
        facets=facets,
    )


def suggest(prefix: str, *, size: int = 8) -> list[str]:
    """Titles completing what the resident has typed (Chinese or pinyin)."""
    prefix = analysis.normalise(prefix)
    if not prefix:
        return []
    response = client.get_client().search(
        index=client.pages_alias(),
        suggest={
            "titles": {
                "prefix": prefix,
                "completion": {
                    "field": "suggest",
                    "size": size,
                    "skip_duplicates": True,
                },
            }
        },  # fmt: skip
        source=["title"],
        size=0,
    )
    options = response["suggest"]["titles"][0]["options"]
    return [option["_source"]["title"] for option in options]
