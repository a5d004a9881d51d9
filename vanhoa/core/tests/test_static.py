import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
        "/static/css/app.css",
        "/static/js/app.js",
    ],
)
def test_every_asset_is_served_by_the_app_itself(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
