from django.http import HttpResponse


def home(request):
    return HttpResponse("")


def directory(request):
    return HttpResponse("")


def local_government(request, code):
    return HttpResponse("")


def office(request, code):
    return HttpResponse("")
