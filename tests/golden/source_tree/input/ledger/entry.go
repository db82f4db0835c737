/*
Notes on the ledger format, kept from the design document:

package ledger is the only writer of entries; a line starting with the word
package inside this comment is not a package clause.
package accounts
*/
package ledger

// Entry is one line of the ledger.
type Entry struct {
	Amount int `json:"amount"`
}
