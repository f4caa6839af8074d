package groupmetest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

// TestConformancePost pins POST /v3/bots/post as GroupMe documents it
// (https://dev.groupme.com/docs/v3#bots_post): JSON bot_id and text
// (required, at most 1,000 characters), picture_url, attachments; 201
// Created; errors in the {meta: {code, errors}} envelope.
func TestConformancePost(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	pic := pictureURL(t, upload(t, s.ImageURL, groupmetest.DemoAccessToken, tinyPNG(t)))
	bot := groupmetest.DemoBotID
	for _, tc := range []struct {
		name string
		body map[string]any
		code int
		errs string // a substring of meta.errors[0]; "" for success
	}{
		{"text", map[string]any{"bot_id": bot, "text": "Hello World"}, 201, ""},
		{"1000 two-byte characters", map[string]any{"bot_id": bot, "text": strings.Repeat("é", 1000)}, 201, ""},
		{"1000 emoji", map[string]any{"bot_id": bot, "text": strings.Repeat("🚨", 1000)}, 201, ""},
		{"picture_url", map[string]any{"bot_id": bot, "text": "chart", "picture_url": pic}, 201, ""},
		{"image attachment", map[string]any{"bot_id": bot, "text": "chart",
			"attachments": []any{map[string]any{"type": "image", "url": pic}}}, 201, ""},
		{"picture without text", map[string]any{"bot_id": bot, "picture_url": pic}, 201, ""},
		{"unknown keys ignored", map[string]any{"bot_id": bot, "text": "x", "source_guid": "g"}, 201, ""},
		{"1001 characters", map[string]any{"bot_id": bot, "text": strings.Repeat("a", 1001)}, 400, "maximum is 1000"},
		{"blank text", map[string]any{"bot_id": bot, "text": "  "}, 400, "blank"},
		{"no text", map[string]any{"bot_id": bot}, 400, "blank"},
		{"unknown bot", map[string]any{"bot_id": "nosuchbot", "text": "x"}, 404, "Not Found"},
		{"no bot", map[string]any{"text": "x"}, 404, "Not Found"},
		{"foreign picture", map[string]any{"bot_id": bot, "text": "x", "picture_url": "https://example.com/a.png"}, 400, "image service"},
		{"foreign attachment", map[string]any{"bot_id": bot, "text": "x",
			"attachments": []any{map[string]any{"type": "image", "url": "https://example.com/a.png"}}}, 400, "image service"},
		{"text not a string", map[string]any{"bot_id": bot, "text": 5}, 400, "text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := postJSON(t, s.URL, tc.body)
			require.Equal(t, tc.code, a.code, "%s", a.body)
			if tc.errs == "" {
				require.Empty(t, a.body, "201 Created carries no body")
				return
			}
			code, errs := a.envelope(t)
			require.Equal(t, tc.code, code)
			require.Len(t, errs, 1)
			require.Contains(t, errs[0], tc.errs)
		})
	}
	posts := s.Posts()
	require.Len(t, posts, 7)
	require.Equal(t, groupmetest.DemoGroupID, posts[0].GroupID)
	require.Equal(t, pic, posts[3].PictureURL)
	require.Equal(t, []groupmetest.Attachment{{Type: "image", URL: pic}}, posts[4].Attachments)
}

func TestConformancePostTransport(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	body := []byte(`{"bot_id":"` + groupmetest.DemoBotID + `","text":"x"}`)
	a := do(t, http.MethodGet, s.URL+"bots/post", "", nil)
	require.Equal(t, 404, a.code)
	a = do(t, http.MethodPost, s.URL+"bots/post", "application/x-www-form-urlencoded", body)
	require.Equal(t, 400, a.code)
	a = do(t, http.MethodPost, s.URL+"bots/post", "application/json", []byte(`{"bot_id":`))
	require.Equal(t, 400, a.code)
	a = do(t, http.MethodPost, s.URL+"bots/post", "application/json; charset=utf-8", body)
	require.Equal(t, 201, a.code)
	a = do(t, http.MethodPost, s.RootURL()+"/v3/nothing", "application/json", body)
	require.Equal(t, 404, a.code)
	require.Empty(t, s.Posts()[0].PictureURL)
}

// TestConformanceUpload pins POST https://image.groupme.com/pictures
// (https://dev.groupme.com/docs/image_service): the token in X-Access-Token
// (or the access_token parameter), raw image bytes, 200 {"payload": {"url",
// "picture_url"}}, the URL on the service's own host.
func TestConformanceUpload(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	img := tinyPNG(t)
	u := pictureURL(t, upload(t, s.ImageURL, groupmetest.DemoAccessToken, img))
	require.Regexp(t, `^`+s.RootURL()+`/i/3x2\.png\.[0-9a-f]{32}$`, u)
	got := do(t, http.MethodGet, u, "", nil)
	require.Equal(t, 200, got.code)
	require.Equal(t, img, got.body)
	require.Equal(t, 200, do(t, http.MethodGet, u+".large", "", nil).code)

	u2 := pictureURL(t, do(t, http.MethodPost, s.ImageURL+"pictures?access_token="+groupmetest.DemoAccessToken, "image/png", img))
	require.NotEqual(t, u, u2)
	pics := s.Pictures()
	require.Len(t, pics, 2)
	require.Equal(t, groupmetest.Picture{URL: u, ContentType: "image/jpeg", Format: "png", Width: 3, Height: 2,
		Size: len(img), At: pics[0].At}, pics[0])

	for name, a := range map[string]answer{
		"no token":    do(t, http.MethodPost, s.ImageURL+"pictures", "image/jpeg", img),
		"wrong token": upload(t, s.ImageURL, "wrong", img),
	} {
		code, errs := a.envelope(t)
		require.Equal(t, 401, a.code, name)
		require.Equal(t, 401, code, name)
		require.Equal(t, []string{"unauthorized"}, errs, name)
	}
	a := upload(t, s.ImageURL, groupmetest.DemoAccessToken, []byte("not an image"))
	require.Equal(t, 400, a.code)
	a = upload(t, s.ImageURL, groupmetest.DemoAccessToken, nil)
	require.Equal(t, 400, a.code)
	require.Len(t, s.Pictures(), 2)
}

// TestConformanceRateLimit: GroupMe answers 420 Enhance Your Calm when it
// rate-limits (https://dev.groupme.com/docs/responses); 429 as Groupy saw.
func TestConformanceRateLimit(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo(), groupmetest.WithRateLimit(2, time.Hour))
	s.AddBot("otherbot", "2")
	body := map[string]any{"bot_id": groupmetest.DemoBotID, "text": "x"}
	require.Equal(t, 201, postJSON(t, s.URL, body).code)
	require.Equal(t, 201, postJSON(t, s.URL, body).code)
	a := postJSON(t, s.URL, body)
	require.Equal(t, 420, a.code)
	code, errs := a.envelope(t)
	require.Equal(t, 420, code)
	require.Equal(t, []string{"Enhance Your Calm"}, errs)
	require.Empty(t, a.header.Get("Retry-After"), "GroupMe documents no Retry-After")
	require.Equal(t, 201, postJSON(t, s.URL, map[string]any{"bot_id": "otherbot", "text": "x"}).code, "limits are per bot")
	require.Len(t, s.Posts(), 3)

	s2 := groupmetest.New(t, groupmetest.WithDemo(), groupmetest.WithRateLimit(1, time.Hour),
		groupmetest.WithRateLimitStatus(429), groupmetest.WithRetryAfter(30*time.Second))
	require.Equal(t, 201, postJSON(t, s2.URL, body).code)
	a = postJSON(t, s2.URL, body)
	require.Equal(t, 429, a.code)
	require.Equal(t, "30", a.header.Get("Retry-After"))
}

// TestConformanceBotsIndex pins GET /v3/bots (https://dev.groupme.com/docs/v3#bots_index)
// with the token in X-Access-Token (https://dev.groupme.com/tutorials/oauth)
// or the token parameter: the bot list in the response envelope.
func TestConformanceBotsIndex(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	s.AddBot("abc", "9")
	a := do(t, http.MethodGet, s.URL+"bots", "", nil, "X-Access-Token", groupmetest.DemoAccessToken)
	require.Equal(t, 200, a.code)
	require.JSONEq(t, `{"response":[
		{"bot_id":"abc","group_id":"9","name":"bot 9","avatar_url":null,"callback_url":null,"dm_notification":false},
		{"bot_id":"`+groupmetest.DemoBotID+`","group_id":"`+groupmetest.DemoGroupID+`","name":"bot `+groupmetest.DemoGroupID+`","avatar_url":null,"callback_url":null,"dm_notification":false}],
		"meta":{"code":200,"errors":null}}`, string(a.body))
	require.Equal(t, 200, do(t, http.MethodGet, s.URL+"bots?token="+groupmetest.DemoAccessToken, "", nil).code)
	a = do(t, http.MethodGet, s.URL+"bots", "", nil)
	require.Equal(t, 401, a.code)
	code, _ := a.envelope(t)
	require.Equal(t, 401, code)
	require.Equal(t, 404, do(t, http.MethodPost, s.URL+"bots", "application/json", []byte(`{}`)).code)
}
