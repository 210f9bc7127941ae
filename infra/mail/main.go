// Command mail prints the SMS and e-mails the local stack has sent (recorded by moto).
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"aftersales/infra/localaws"
)

func main() {
	ctx := context.Background()
	moto := localaws.DefaultEndpoints().Moto
	sms, err := localaws.SMSs(ctx, moto)
	if err != nil {
		fmt.Fprintln(os.Stderr, "is the local stack running (make run)?", err)
		os.Exit(1)
	}
	for i, s := range sms {
		fmt.Printf("── SMS %d ── To: %s\n%s\n\n", i+1, s.Phone, s.Text)
	}
	mails, err := localaws.Mails(ctx, moto)
	if err != nil {
		fmt.Fprintln(os.Stderr, "is the local stack running (make run)?", err)
		os.Exit(1)
	}
	if len(mails) == 0 && len(sms) == 0 {
		fmt.Println("No e-mails or SMS sent yet.")
	}
	for i, m := range mails {
		fmt.Printf("── %d ── %s\nTo: %s\nFrom: %s\n\n%s\n", i+1, m.Subject, strings.Join(m.To, ", "), m.From, m.Text)
		for _, a := range m.Attachments {
			fmt.Printf("[attachment] %s (%s, %d bytes)\n", a.Name, a.ContentType, a.Size)
		}
		fmt.Println()
	}
}
