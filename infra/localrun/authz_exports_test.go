package localrun

import (
	"bytes"
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"aftersales/shared/blobstore"
	"aftersales/shared/imports"
)

// The background exports' rows of the authorization matrix
// (testdata/authz_matrix_exports.txt) take this fixture.
func init() {
	// outletExport is a fresh background export's file of the world's
	// distributor, stored where ImportLoadFunction writes one.
	registerFixture("outletExport", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		env := e.srv.Env()
		id := randomHex(8)
		_, err := blobstore.NewClient(env.AWS, env.Config.S3PathStyle).PutObject(ctx, &s3.PutObjectInput{
			Bucket: aws.String(env.Config.ReportsBucket), Key: aws.String(imports.ExportFileKey(w.Distributor, id)),
			Body: bytes.NewReader([]byte("xlsx")), ContentType: aws.String(imports.XLSXType)})
		return id, err
	})
}
