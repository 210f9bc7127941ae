package localrun

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/blobstore"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// maxReceives mirrors the template's retry limit: after this many failed
// deliveries an S3 event is dropped and logged, as AWS would send it to the
// on-failure destination.
const maxReceives = 3

// prepareNotifications makes moto tell an SQS queue about every object created
// in a bucket that some function is triggered by, as S3 would tell Lambda.
func (s *Server) prepareNotifications(ctx context.Context) error {
	sq := sqs.NewFromConfig(s.env.AWS)
	q, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName:  aws.String(s.opts.Prefix + "-s3-events"),
		Attributes: map[string]string{"VisibilityTimeout": "5"},
	})
	if err != nil {
		return fmt.Errorf("create S3 event queue: %w", err)
	}
	s.queueURL = *q.QueueUrl
	attrs, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return fmt.Errorf("read S3 event queue ARN: %w", err)
	}
	arn := attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	triggered := map[string]bool{}
	for _, fn := range s.tpl.Functions {
		for _, t := range fn.S3 {
			triggered[t.Bucket] = true
		}
	}
	for bucket := range triggered {
		_, err := blobstore.NewClient(s.env.AWS, s.env.Config.S3PathStyle).PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
			Bucket: aws.String(s.opts.BucketName(bucket)),
			NotificationConfiguration: &s3types.NotificationConfiguration{
				QueueConfigurations: []s3types.QueueConfiguration{{
					QueueArn: aws.String(arn), Events: []s3types.Event{"s3:ObjectCreated:*"},
				}},
			},
		})
		if err != nil {
			return fmt.Errorf("notify on %s: %w", bucket, err)
		}
	}
	return nil
}

// RunS3Events polls the notification queue until ctx ends, handing each
// record to the functions triggered by its bucket and key prefix.
func (s *Server) RunS3Events(ctx context.Context) {
	sq := sqs.NewFromConfig(s.env.AWS)
	for ctx.Err() == nil {
		out, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(s.queueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameApproximateReceiveCount},
		})
		if err != nil {
			if ctx.Err() == nil {
				slog.Warn("read S3 event queue", "error", err)
				time.Sleep(time.Second)
			}
			continue
		}
		for _, m := range out.Messages {
			receives, _ := strconv.Atoi(m.Attributes[string(sqstypes.MessageSystemAttributeNameApproximateReceiveCount)])
			err := s.DeliverS3(ctx, aws.ToString(m.Body))
			if err != nil && receives < maxReceives {
				continue // visible again after the timeout: a retry
			}
			if err != nil {
				slog.Error("S3 event dropped after retries (on-failure destination in AWS)", "error", err, "body", aws.ToString(m.Body))
			}
			_, _ = sq.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(s.queueURL), ReceiptHandle: m.ReceiptHandle})
		}
	}
}

// DeliverS3 hands one notification (an S3 event JSON, as S3 sends it) to the
// functions it triggers. Tests call it to deliver duplicates on purpose.
func (s *Server) DeliverS3(ctx context.Context, body string) error {
	var ev events.S3Event
	if err := json.Unmarshal([]byte(body), &ev); err != nil {
		return fmt.Errorf("decode S3 event: %w", err)
	}
	var errs []string
	for _, rec := range ev.Records {
		bucket := s.bucketLogicalID(rec.S3.Bucket.Name)
		key := rec.S3.Object.URLDecodedKey
		if key == "" {
			key = rec.S3.Object.Key
		}
		for _, fn := range s.tpl.Functions {
			for _, t := range fn.S3 {
				if t.Bucket != bucket || !strings.HasPrefix(key, t.Prefix) {
					continue
				}
				if _, err := s.Invoke(ctx, fn.LogicalID, events.S3Event{Records: []events.S3EventRecord{rec}}); err != nil {
					errs = append(errs, fmt.Sprintf("%s: %v", fn.LogicalID, err))
				}
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

func (s *Server) bucketLogicalID(name string) string {
	for _, b := range s.tpl.Buckets {
		if s.opts.BucketName(b.LogicalID) == name {
			return b.LogicalID
		}
	}
	return ""
}
