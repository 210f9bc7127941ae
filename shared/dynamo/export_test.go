package dynamo

import (
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
)

// Parallel opens the batch fan-out to this package's external tests, which
// seed large tables with it.
var Parallel = parallel

// ActItem is a's item exactly as the store writes it, for seeding a table
// in bulk.
func (s *Store) ActItem(a acts.Act) (map[string]types.AttributeValue, error) {
	it, err := s.newActItem(a)
	if err != nil {
		return nil, err
	}
	return attributevalue.MarshalMap(it)
}
