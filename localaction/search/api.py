"""`/api/search/`: the search page's results as JSON — the same parameters,
the page of hits with highlighted snippets (HTML: the text escaped, the
matched words in <mark>), the total and every facet's counts. Public, and
throttled as the rest of the anonymous API."""

from __future__ import annotations

from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from localaction.api import PublicRead, refuse_nul_parameters
from localaction.openapi import PARAMETER_ERRORS
from localaction.search import labels
from localaction.search import query as search_query


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The value to pass as the facet's parameter.")
    label = serializers.CharField(help_text="The value in words, in the request's language.")
    count = serializers.IntegerField(
        help_text="Results with this value, under the other facets' filters."
    )


class FacetsSerializer(serializers.Serializer):
    kind = FacetValueSerializer(many=True)
    region = FacetValueSerializer(many=True)
    country = FacetValueSerializer(many=True)
    theme = FacetValueSerializer(many=True)
    language = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    key = serializers.CharField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title escaped, matched words in <mark>.")
    snippet_html = serializers.CharField(
        help_text="An extract of the text escaped, matched words in <mark>."
    )
    url = serializers.CharField()
    language = serializers.CharField()
    region = serializers.CharField(allow_null=True, help_text="Region code.")
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2, or empty.")
    themes = serializers.ListField(child=serializers.CharField())
    year = serializers.IntegerField(allow_null=True)


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    terms = serializers.ListField(
        child=serializers.CharField(), help_text="The words searched (at most 8)."
    )
    notice = serializers.CharField(
        help_text="Words left out, or why nothing was searched (no words); else empty."
    )
    total = serializers.IntegerField(
        help_text="Matches ranked and counted: at most 1,000, the newest when `more`."
    )
    more = serializers.BooleanField(help_text="More entries match than `total` counts.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = HitSerializer(many=True)
    facets = FacetsSerializer()


_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        required=True,
        description=f"Words to search for (every one must appear), at most "
        f"{search_query.MAX_QUERY_CHARS} characters; the first {search_query.MAX_TERMS} "
        "words are searched.",
    ),
    OpenApiParameter("kind", OpenApiTypes.STR, description="Type: member, campaign, report…"),
    OpenApiParameter("region", OpenApiTypes.STR, description="Region code, e.g. europe."),
    OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code."),
    OpenApiParameter("theme", OpenApiTypes.STR, description="Theme code (campaign, method…)."),
    OpenApiParameter("language", OpenApiTypes.STR, description="Language of the content."),
    OpenApiParameter("year", OpenApiTypes.INT, description="Year."),
    OpenApiParameter("page", OpenApiTypes.INT, description=f"Page, 1 to {search_query.MAX_PAGE}."),
]


class SearchView(APIView):
    """Search everything public."""

    permission_classes = [PublicRead]

    @extend_schema(
        operation_id="search",
        parameters=_PARAMETERS,
        responses={
            200: SearchResponseSerializer,
            400: OpenApiResponse(
                PARAMETER_ERRORS,
                description='A parameter is refused: {"<parameter>": ["<what is wrong>"]}.',
            ),
        },
    )
    def get(self, request):
        refuse_nul_parameters(request)
        params = {
            name: request.query_params[name]
            for name in ("q", *search_query.FACETS, "page")
            if name in request.query_params
        }
        if not params.get("q", "").strip():
            # Nothing to search for is no error: an empty answer that says why.
            return Response(
                {
                    "query": "",
                    "terms": [],
                    "notice": gettext("Type one or more words to search for."),
                    "total": 0,
                    "more": False,
                    "page": 1,
                    "pages": 1,
                    "page_size": search_query.PAGE_SIZE,
                    "results": [],
                    "facets": {name: [] for name in search_query.FACETS},
                }
            )
        try:
            query = search_query.parse(params)
        except search_query.QueryError as error:
            raise ValidationError({error.parameter: [error.message]}) from None
        result = search_query.run(query)
        facets = labels.labelled(result.facets)
        return Response(
            {
                "query": query.text,
                "terms": list(query.terms),
                "notice": result.notice,
                "total": result.total,
                "more": result.more,
                "page": query.page,
                "pages": result.pages,
                "page_size": search_query.PAGE_SIZE,
                "results": [
                    {
                        "kind": entry.kind,
                        "key": entry.key,
                        "title": entry.title,
                        "title_html": str(search_query.highlight(entry.title, query.terms)),
                        "snippet_html": str(search_query.snippet(entry, query.terms)),
                        "url": request.build_absolute_uri(entry.url),
                        "language": entry.language,
                        "region": entry.region.code if entry.region_id else None,
                        "country": entry.country_code,
                        "themes": entry.theme_codes,
                        "year": entry.year,
                    }
                    for entry in result.entries
                ],
                "facets": {
                    name: [
                        {"value": value, "label": label, "count": count}
                        for value, label, count in facets[name]
                    ]
                    for name in search_query.FACETS
                },
            }
        )
