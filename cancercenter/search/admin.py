from django.contrib import admin

from cancercenter.search.models import SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["note"]
    fields = ["terms", "note"]
