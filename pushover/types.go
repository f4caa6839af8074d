package pushover

import (
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
)

// Limits of the Pushover API, from https://pushover.net/api.
const (
	// DefaultBaseURL is the API's base URL; endpoint paths are resolved against it.
	DefaultBaseURL = "https://api.pushover.net/1/"

	MaxMessageRunes  = 1024 // https://pushover.net/api#limits
	MaxTitleRunes    = 250
	MaxURLRunes      = 512
	MaxURLTitleRunes = 100
	MaxUsers         = 50      // comma-separated user keys in one request
	MaxDeviceRunes   = 25      // each device name, [A-Za-z0-9_-]
	MaxAttachment    = 5242880 // bytes

	MinEmergencyRetry   = 30 * time.Second    // https://pushover.net/api#priority
	MaxEmergencyExpire  = 10800 * time.Second // 3 h
	MaxEmergencyRetries = 50

	// RetryFloor is the least time between a failed request and the next attempt.
	RetryFloor = 5 * time.Second
	// MaxConcurrent is the most connections (and requests in flight) a Client holds to the API.
	MaxConcurrent = 2
	// ReceiptPollFloor is the least time between two polls of the same receipt.
	ReceiptPollFloor = 5 * time.Second
)

// Priority is a Pushover message priority, -2 to 2: the shared
// vocabulary of package priority.
type Priority = priority.Priority

// The five Pushover priorities.
const (
	PriorityLowest    = priority.Lowest
	PriorityLow       = priority.Low
	PriorityNormal    = priority.Normal
	PriorityHigh      = priority.High
	PriorityEmergency = priority.Emergency
)

// Message is one messages.json request. Empty fields are not sent.
type Message struct {
	Users     []string // user or group keys, 1 to MaxUsers
	Devices   []string // optional device names
	Title     string
	Message   string // required, not blank
	URL       string
	URLTitle  string
	HTML      bool // exclusive with Monospace
	Monospace bool
	Priority  Priority
	Sound     string    // empty: the user's default
	Timestamp time.Time // zero: Pushover's receive time
	TTL       time.Duration
	Retry     time.Duration // emergency only, >= MinEmergencyRetry
	Expire    time.Duration // emergency only, <= MaxEmergencyExpire
	Callback  string        // emergency only
	Tags      []string      // emergency only, each [A-Za-z0-9_-]+
	// Attachment, when set, makes the request multipart/form-data.
	Attachment *Attachment
}

// Attachment is an image sent with a message.
type Attachment struct {
	Filename    string
	ContentType string
	Data        []byte
}

// Response is what Pushover answered to an accepted message.
type Response struct {
	Request string  // Pushover's request id
	Receipt string  // set for emergency messages
	Limits  *Limits // nil when the X-Limit-App-* headers were absent
	// Digested, when above 0, says that the message was folded into a
	// digest of this many messages (see Digest): Request is the digest's.
	Digested int
}

// Limits is the account's message quota.
type Limits struct {
	Limit     int
	Remaining int
	Reset     time.Time
}

// Receipt is the state of an emergency message (receipts/{r}.json).
type Receipt struct {
	Request              string
	Acknowledged         bool
	AcknowledgedAt       time.Time // zero when not acknowledged
	AcknowledgedBy       string    // a user key: a secret, never log it
	AcknowledgedByDevice string
	LastDeliveredAt      time.Time
	Expired              bool
	ExpiresAt            time.Time
	CalledBack           bool
	CalledBackAt         time.Time
}

// Validation is the answer of users/validate.json for a valid user or group.
type Validation struct {
	Request  string
	Group    bool
	Devices  []string
	Licenses []string
}
