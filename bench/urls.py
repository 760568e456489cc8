"""The site's URLs plus /bench/hello/, the ceiling the benchmark compares with."""

from django.http import HttpResponse
from django.urls import path

from cnespress.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello, name="hello"), *site_urlpatterns]
