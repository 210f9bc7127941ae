package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/shared/imports"
)

var _ imports.ProcessingLister = (*Imports)(nil)

// Processing reads the loads created since a time off GSI2 (every load by
// creation time) and keeps those still processing. The hourly sweep asks
// for a week: at 1,000 loads a month that reads about 250 small items.
func (i *Imports) Processing(ctx context.Context, since time.Time) ([]imports.Protocol, error) {
	kc := expression.Key("GSI2PK").Equal(expression.Value(loadsPK)).
		And(expression.Key("GSI2SK").GreaterThanEqual(expression.Value(sortableTime(since))))
	filter := expression.Name("Status").Equal(expression.Value(string(imports.LoadProcessing)))
	expr, err := expression.NewBuilder().WithKeyCondition(kc).WithFilter(filter).Build()
	if err != nil {
		return nil, err
	}
	in := &dynamodb.QueryInput{
		TableName: aws.String(i.s.table), IndexName: aws.String(indexGSI2), KeyConditionExpression: expr.KeyCondition(),
		FilterExpression: expr.Filter(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	}
	var out []imports.Protocol
	for p := dynamodb.NewQueryPaginator(i.s.db, in); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("find loads processing since %s: %w", since.Format(time.RFC3339), err)
		}
		for _, av := range page.Items {
			pr, err := decodeProtocol(av)
			if err != nil {
				return nil, err
			}
			out = append(out, pr)
		}
	}
	return out, nil
}
