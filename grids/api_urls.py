from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("grids", api.GridViewSet, basename="api-grid")

urlpatterns = router.urls
