package groupme

import "time"

// Base URLs of the two services.
const (
	// DefaultAPIURL is the base of the v3 API (https://dev.groupme.com/docs/v3).
	DefaultAPIURL = "https://api.groupme.com/v3/"
	// DefaultImageURL is the base of the image service
	// (https://dev.groupme.com/docs/image_service).
	DefaultImageURL = "https://image.groupme.com/"
)

// Endpoint names, as used in errors and metrics.
const (
	EndpointPost     = "bots_post" // POST {api}/bots/post
	EndpointPictures = "pictures"  // POST {image}/pictures
	EndpointBots     = "bots"      // GET {api}/bots
)

// MaxTextRunes is the longest text a bot may post: "text (required) string -
// maximum length of 1000 character" (https://dev.groupme.com/docs/v3#bots_post,
// as transcribed by the community docs,
// https://groupme-js.github.io/GroupMeCommunityDocs/bots). GroupMe does not
// say what a character is; this package counts Unicode code points (Go
// runes), which is what GroupMe's apps count, so an emoji made of several
// code points counts several times.
const MaxTextRunes = 1000

// MaxUploadBytes bounds an image this client uploads. GroupMe documents no
// size limit; this is the client's own bound, far above a chart.
const MaxUploadBytes = 10 << 20

// UploadContentType is the Content-Type of an upload. GroupMe's only
// example sends image/jpeg; the community docs report that image/png is
// refused while PNG bytes sent as image/jpeg are accepted
// (https://groupme-js.github.io/GroupMeCommunityDocs/api/uploads/images).
// The service detects the format from the bytes.
const UploadContentType = "image/jpeg"

// DefaultUserAgent is sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "alertmanager-pushover"

// DefaultTimeout bounds one HTTP request, within the caller's context.
const DefaultTimeout = 10 * time.Second

// maxBody is the most of a response body the client reads.
const maxBody = 1 << 20
