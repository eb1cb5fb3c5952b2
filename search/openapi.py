"""OpenAPI 3.1 description of the supermarket's public JSON API."""

from .queries import FACETS, SORTS

_facet_params = [
    {"name": name, "in": "query", "required": False, "schema": {"type": "string"},
     "description": f"Filter by {name} (a slug, as returned in facets)."}
    for name in FACETS
]  # fmt: skip

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "社区学习超市 API · Community Learning Supermarket API",
        "version": "1",
        "description": "Search published, public courses, lessons, upcoming "
        "events, learning groups, venues and community brand pages.",
    },
    "paths": {
        "/api/v1/search/": {
            "get": {
                "summary": "Search everything residents can learn from or join",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "Chinese words, a phrase, or pinyin.",
                    },
                    *_facet_params,
                    {
                        "name": "sort",
                        "in": "query",
                        "schema": {"type": "string", "enum": list(SORTS)},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1},
                    },
                    {
                        "name": "near",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "The resident's place (an institution "
                        "slug; else the `near` cookie): what is there and in its "
                        "district ranks first.",
                    },
                ],  # fmt: skip
                "responses": {
                    "200": {
                        "description": "Results and facet counts",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/SearchResult"}
                            }
                        },
                    }
                },
            }
        },
        "/api/v1/search/suggest/": {
            "get": {
                "summary": "Title suggestions for what has been typed",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "Suggestions",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "suggestions": {
                                            "type": "array",
                                            "items": {"type": "string"},
                                        }
                                    },
                                }
                            }
                        },
                    }  # fmt: skip
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Hit": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "description": "unique per kind"},
                    "kind": {
                        "type": "string",
                        "enum": [
                            "course",
                            "lesson",
                            "event",
                            "group",
                            "venue",
                            "brand",
                        ],
                    },
                    "external_id": {"type": "string"},
                    "title": {"type": "string"},
                    "coming": {
                        "type": "boolean",
                        "description": "课程还没有微课（即将上线） / "
                        "a course with no lessons out yet",
                    },
                    "detail": {
                        "type": "string",
                        "description": "活动的时间地点、小组的活动时间、"
                        "场所的开放时间 / "
                        "an event's date and place, a group's meeting time, "
                        "a venue's opening hours",
                    },
                    "url": {"type": "string"},
                    "snippet": {"type": "string", "description": "HTML, <mark>"},
                    "content_area": {"type": "string"},
                    "audiences": {"type": "array", "items": {"type": "string"}},
                    "format": {
                        "type": "string",
                        "enum": ["", "course", "video", "audio", "document", "text"],
                        "description": "empty for events, groups, venues, brands",
                    },
                    "duration_seconds": {"type": "integer"},
                    "institution": {"type": "string"},
                },  # fmt: skip
            },
            "SearchResult": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "did_you_mean": {
                        "type": ["string", "null"],
                        "description": "少于 3 个结果时，按读音纠正的查询 / "
                        "for fewer than 3 results, the query corrected by sound",
                    },
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Hit"},
                    },
                    "facets": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "value": {"type": "string"},
                                    "count": {"type": "integer"},
                                },
                            },
                        },
                    },
                    "engine": {"type": "string", "enum": ["elasticsearch", "database"]},
                    "degraded": {"type": "boolean"},
                },
            },
        }
    },
}
