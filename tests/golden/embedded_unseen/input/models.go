package unseen

import (
	"time"

	"example.invalid/basemodel"
)

// Audit is embedded at depth 1 next to the unseen type: its keys could be hidden by the unseen type's.
type Audit struct {
	CreatedBy string    `json:"createdBy"`
	At        time.Time `json:"at"`
}

// Account embeds a type nobody can see: its keys are unknown, but Go writes them.
type Account struct {
	basemodel.Model
	Audit
	Name string `json:"name"`
}

// Tagged embeds it under a json name: the key is the tag's, its value unknown JSON.
type Tagged struct {
	basemodel.Model `json:"base"`
	Note            string `json:"note"`
}

// Holder uses the unseen type as a field's type: unknown JSON, reported once for the module.
type Holder struct {
	Ref    basemodel.Ref `json:"ref"`
	Inline struct {
		basemodel.Model
		Extra int `json:"extra"`
	} `json:"inline"`
}
