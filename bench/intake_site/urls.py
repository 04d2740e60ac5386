"""The product's URLs, and the floor: the least a Django view that writes one row can cost, for comparison."""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from zhuanqiao.urls import urlpatterns as product

FLOOR_TABLE = "bench_intake_floor"


@csrf_exempt
@require_POST
def floor(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FLOOR_TABLE} (key) VALUES (%s)", [request.POST.get("key", "")])  # noqa: S608
    return HttpResponse("ok")


urlpatterns = [path("bench/floor/", floor), *product]
