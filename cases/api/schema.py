"""What the schema says about errors: every refusal has the one error body."""

from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorSerializer


def _error(text: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=text)


ERRORS = {
    400: _error("Refused input: `errors` names each field."),
    401: _error("Not logged in, or the token is not valid."),
    403: _error("Logged in, but this is not theirs to see or do."),
    404: _error("Nothing here, or nothing this person may see."),
    415: _error("The body is not of a type this endpoint reads (JSON, or multipart for files)."),
    429: _error("Too many requests: wait as Retry-After says."),
}
ACTION_ERRORS = {
    **ERRORS,
    409: _error("The case changed, or its state no longer allows this: `current` is the case now."),
    412: _error("If-Match names an older version: `current` is the case now."),
    428: _error("Say which version the request is based on: If-Match or `version`."),
}
