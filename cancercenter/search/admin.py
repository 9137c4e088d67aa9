from django.contrib import admin

from cancercenter.search.models import SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "note", "updated_at"]
    list_filter = ["language"]
    search_fields = ["note"]
    fields = ["terms", "language", "note"]
