"""设置 → 编辑部: who sits on which city desk, and putting people on or off a desk."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from news.models import SectionPage

from . import desks, roles


def can_manage_desks(user):
    # The same people who may change users' groups in 设置 → 用户.
    return user.has_perm("auth.change_user")


class DeskAssignmentForm(forms.Form):
    user = forms.ModelChoiceField(
        label="用户",
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        empty_label="请选择用户",
    )
    city = forms.ModelChoiceField(
        label="城市频道",
        queryset=SectionPage.objects.filter(is_city=True).order_by("path"),
        empty_label="请选择城市",
    )
    role = forms.ChoiceField(label="角色", choices=[(role, role) for role in roles.DESK_ROLES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = desk_member_label


def desk_member_label(user):
    name = user.get_full_name()
    return f"{name}({user.get_username()})" if name else user.get_username()


class DeskOverviewView(WagtailAdminTemplateMixin, FormView):
    template_name = "newsroom/desks.html"
    page_title = "编辑部"
    header_icon = "group"
    form_class = DeskAssignmentForm

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_desks(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user, city, role = (form.cleaned_data[key] for key in ("user", "city", "role"))
        desks.put_on_desk(user, city, role)
        messages.success(
            self.request, f"{desk_member_label(user)} 现在是 {city.title} 编辑部的{role}。"
        )
        return redirect("newsroom_desks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = list(SectionPage.objects.filter(is_city=True).order_by("path"))
        names = {desks.desk_group_name(city, role) for city in cities for role in roles.DESK_ROLES}
        members = {}
        for group in Group.objects.filter(name__in=names).prefetch_related("user_set"):
            members[group.name] = sorted(group.user_set.all(), key=lambda user: user.username)
        context["desks"] = [
            {
                "city": city,
                "roles": [
                    (role, members.get(desks.desk_group_name(city, role), []))
                    for role in roles.DESK_ROLES
                ],
            }
            for city in cities
        ]
        return context


@require_POST
def remove_from_desk(request, user_id, city_id):
    if not can_manage_desks(request.user):
        raise PermissionDenied
    user = get_object_or_404(get_user_model(), pk=user_id)
    city = get_object_or_404(SectionPage, pk=city_id, is_city=True)
    desks.take_off_desk(user, city)
    messages.success(request, f"已把 {desk_member_label(user)} 移出 {city.title} 编辑部。")
    return redirect("newsroom_desks")


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_desks(request.user)


def menu_item():
    return DeskMenuItem(
        "编辑部", reverse("newsroom_desks"), name="newsroom-desks", icon_name="group", order=550
    )
