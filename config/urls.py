from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

urlpatterns: list[URLPattern | URLResolver] = [
    # First: every API call is then resolved without trying the web pages' patterns before it (no web page is
    # under api/v1/; vanhoa/api/tests/test_api_framework.py checks it).
    path("api/v1/", include("vanhoa.api.urls")),
    path("", include("vanhoa.core.urls")),
    path("", include("vanhoa.accounts.urls")),
    path("don-vi/", include("vanhoa.units.urls")),
    path("cai-dat/", include("vanhoa.setup.urls")),
    path("", include("vanhoa.registry.urls")),
    path("ke-hoach/", include("vanhoa.plans.urls")),
    path("danh-hieu/", include("vanhoa.titles.urls")),
    path("bao-cao/", include("vanhoa.reports.urls")),
    path("excel/", include("vanhoa.imports.urls")),
    path("hoat-dong/", include("vanhoa.activities.urls")),
    path("tep-pdf/", include("vanhoa.documents.urls")),
    path("so-van-ban-di/", include("vanhoa.documents.register_urls")),
    path("sao-luu/", include("vanhoa.backup.urls")),
    path("nhac-han/", include("vanhoa.deadlines.urls")),
    path("cong-khai/", include("vanhoa.opinions.urls")),
    path("", include("vanhoa.api.web_urls")),
    path("", include("vanhoa.offline.urls")),
    path("quan-tri-he-thong/", admin.site.urls),
]

if not settings.PRODUCTION:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "vanhoa.core.errors.bad_request"
handler403 = "vanhoa.core.errors.permission_denied"
handler404 = "vanhoa.core.errors.page_not_found"
handler500 = "vanhoa.core.errors.server_error"
