package pushovertest

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// imageType reports whether a declared attachment type is an image, as
// Pushover accepts images only (§1.8). A multipart part may also say
// application/octet-stream or nothing, as Go's CreateFormFile and common
// clients do. Whether the real API sniffs or checks the type, and its
// wording when it refuses, are unverified: this is the fake's choice.
func imageType(ct string, multipart bool) bool {
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case multipart && ct == "":
		return true
	case err != nil:
		return false
	}
	return strings.HasPrefix(mt, "image/") || (multipart && mt == "application/octet-stream")
}

func notImage(ct string) *reply {
	return fail(http.StatusBadRequest, object{{"attachment", "is not an image"}},
		fmt.Sprintf("attachment must be an image, not %q", ct))
}
