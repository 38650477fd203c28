"""What page tests do as a user: sign in through the login form, fill the intake form."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User


async def sign_in(user: User, username: str, password: str, otp: str = "") -> None:
    """Open the login page and post its form as the browser does, then follow the answer."""
    await user.open("/login")
    for marker in ("username", "password", "otp"):
        assert user.find(marker=marker).elements, marker
    answer = await user.http_client.post("/login", data={"username": username, "password": password,
                                                         "otp": otp})
    assert answer.status_code == 303, answer.text
    await user.open(answer.headers["location"])


def fill_intake(user: User, victim: str, loss: str, card: str) -> None:
    """Fill the intake form with a fake-loan report naming one receiving card, then submit it."""
    fields = {el.props.get("data-testid"): el for el in user.find(kind=ui.input).elements}
    fields["victim-name"].value = victim
    fields["loss"].value = loss
    next(el for el in user.find(kind=ui.select).elements if el.props.get("data-testid") == "fraud-type"
         ).value = "fake_loan"
    row_value = next(el for el in user.find(kind=ui.input).elements if "data-identifier-row" in el.props)
    row_value.value = card
    user.find(kind=ui.button, content="提交并分派").click()
