"""Puts the signed-in person's staff profile into every template as `staff`."""


def staff(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff": None}
    return {"staff": getattr(user, "staff", None)}
