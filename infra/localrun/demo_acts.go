package localrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"aftersales/shared/acts"
	"aftersales/shared/acts/imagecheck"
	"aftersales/shared/auth"
	"aftersales/shared/blobstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/identity"
)

// seedCategories gives the local stack the default product categories
// (acts.DefaultCategories), so a demo centre can file an act at once. It is
// idempotent, like the rest of the demo seed.
func seedCategories(ctx context.Context, env *fn.Env) error {
	svc, _, err := actsfn.Service(env)
	if err != nil {
		return err
	}
	if err := svc.SeedCategories(ctx); err != nil {
		return fmt.Errorf("seed demo categories: %w", err)
	}
	return nil
}

// demoStage is how far a demo act has gone.
type demoStage int

const (
	stageDraft demoStage = iota
	stageSubmitted
	stageApproved
	stageInfoRequested
)

// demoAct is one warranty act of the demo: what the centre filled in, how
// far it went and the manager's words with the decision or the question.
type demoAct struct {
	stage   demoStage
	fields  func(today time.Time) acts.Fields
	manager string
}

// day is the calendar day daysAgo before today.
func day(today time.Time, daysAgo int) *acts.Date {
	return new(acts.DateOf(today.AddDate(0, 0, -daysAgo)))
}

// demoNorthActs are СЦ «Север»'s acts: one at each step of the main flow,
// worded as the wholesaler's instructions (seed 000) fill the form in.
var demoNorthActs = []demoAct{
	{stage: stageDraft, fields: func(today time.Time) acts.Fields {
		return acts.Fields{
			Category: new("Триммер бензиновый"), Article: new("ТБ-43 Энергопром"), SerialNumber: new("TB43-2025-0311"),
			Complaint: new("Не набирает обороты, глохнет при нажатии на газ"), Appearance: new(acts.AppearanceUsed),
			SaleDate: day(today, 62), AcceptedDate: day(today, 1), Completeness: new(acts.CompletenessFull), WarrantyCard: new(true),
			InternalNumber: new("С-0417"), Mechanic: new("Иванов Иван"),
			CustomerName: new("Смирнова Ольга Викторовна"), CustomerPhone: new("+7 911 234-56-78"),
		}
	}},
	{stage: stageSubmitted, fields: func(today time.Time) acts.Fields {
		return acts.Fields{
			Category: new("Бензопила"), Article: new("БП-4518 Энергопром"), SerialNumber: new("BP4518-24-0917"),
			Complaint: new("Не заводится"), Appearance: new(acts.AppearanceUsed),
			SaleDate: day(today, 150), AcceptedDate: day(today, 3), Completeness: new(acts.CompletenessFull), WarrantyCard: new(true),
			InternalNumber: new("С-0415"), Mechanic: new("Кузнецов Андрей"),
			Diagnosis:  new("Нет искры: пробой изоляции катушки зажигания (заводской дефект), свеча и зазор в норме"),
			Conclusion: new("Гарантийный случай. Для ремонта нужна катушка зажигания"), WarrantyCase: new(true),
			Parts:        []acts.Part{{Name: "Катушка зажигания", SchemeNumber: "27", Quantity: 1}},
			CustomerName: new("Волков Дмитрий Игоревич"), CustomerPhone: new("+7 921 345-67-89"),
			SellerOrganization: new("ООО Планета радости"), Complexity: new(1), ProductState: new(acts.ProductLeftAtServiceCenter),
		}
	}},
	{stage: stageApproved, manager: "Гарантия подтверждена. Карбюратор и прокладки отправим с еженедельной отгрузкой, свечу компенсируем.",
		fields: func(today time.Time) acts.Fields {
			return acts.Fields{
				Category: new("Бензиновая газонокосилка на колесах"), Article: new("ЭГК-1500 Энергопром"), SerialNumber: new("01.234.10518"),
				Complaint: new("Не работает"), Appearance: new(acts.AppearanceUsed),
				SaleDate: day(today, 120), AcceptedDate: day(today, 10), Completeness: new(acts.CompletenessPartial), WarrantyCard: new(true),
				InternalNumber: new("С-0409"), Mechanic: new("Иванов Иван"),
				Diagnosis:  new("Топливо подтекает по трещине корпуса карбюратора (дефект литья), двигатель не запускается"),
				Conclusion: new("Гарантийный случай, нужна замена карбюратора"), WarrantyCase: new(true),
				Parts: []acts.Part{{Name: "Карбюратор", SchemeNumber: "14", Quantity: 1}, {Name: "Прокладка карбюратора", SchemeNumber: "15", Quantity: 2},
					{Name: "Свеча зажигания", Quantity: 1, OwnPart: true, Price: 25000}},
				CustomerName: new("Орлов Павел Сергеевич"), CustomerPhone: new("+7 911 555-23-41"),
				SellerOrganization: new("ООО Планета радости"), Complexity: new(2), ProductState: new(acts.ProductLeftAtServiceCenter),
			}
		}},
	{stage: stageInfoRequested,
		manager: "Серийный номер на фото шильдика не читается — пришлите, пожалуйста, фото шильдика крупнее и фото платы регулятора с обеих сторон.",
		fields: func(today time.Time) acts.Fields {
			return acts.Fields{
				Category: new("Генератор бензиновый"), Article: new("БГ-3000 Энергопром"), SerialNumber: new("BG3000-25-0108"),
				Complaint: new("Не держит напряжение под нагрузкой"), Appearance: new(acts.AppearanceUsed),
				SaleDate: day(today, 210), AcceptedDate: day(today, 4), Completeness: new(acts.CompletenessFull), WarrantyCard: new(true),
				InternalNumber: new("С-0413"), Mechanic: new("Кузнецов Андрей"),
				Diagnosis:  new("Вышел из строя автоматический регулятор напряжения: под нагрузкой 1 кВт напряжение падает до 160 В"),
				Conclusion: new("Гарантийный случай, нужна замена регулятора напряжения"), WarrantyCase: new(true),
				Parts:        []acts.Part{{Name: "Регулятор напряжения AVR", Quantity: 1}},
				CustomerName: new("Соколова Марина Андреевна"), CustomerPhone: new("+7 931 200-45-67"),
				SellerOrganization: new("ИП Громов А. В."), Complexity: new(2), ProductState: new(acts.ProductLeftAtServiceCenter),
			}
		}},
}

// demoSouthActs are СЦ «Юг»'s: a pre-sale product (предторг), which goes to
// the top of the managers' queue and needs no receipt.
var demoSouthActs = []demoAct{
	{stage: stageSubmitted, fields: func(today time.Time) acts.Fields {
		return acts.Fields{
			Category: new("Мотоблок"), Article: new("МБ-7 Энергопром"), SerialNumber: new("MB7-2025-204"),
			Complaint: new("Течёт масло из-под крышки редуктора"), Appearance: new(acts.AppearancePreSale),
			SaleDate: day(today, 20), AcceptedDate: day(today, 2), Completeness: new(acts.CompletenessFull), WarrantyCard: new(false),
			InternalNumber: new("Ю-118"), Mechanic: new("Ткаченко Олег"),
			Diagnosis:  new("Течь масла по прокладке крышки редуктора: прокладка пережата при сборке"),
			Conclusion: new("Гарантийный случай (предторг), нужна замена прокладки крышки редуктора"), WarrantyCase: new(true),
			Parts:        []acts.Part{{Name: "Прокладка крышки редуктора", Quantity: 1}},
			CustomerName: new("ООО «Агроснаб»"), CustomerPhone: new("8 (918) 123-45-67"),
			SellerOrganization: new("ООО «Агроснаб»"), Complexity: new(1), ProductState: new(acts.ProductReturnedToSeller),
		}
	}},
}

// actSeeder files demo acts as their centres and decides them as the demo
// manager, through the acts service the acts API builds; photos go the
// browser's way (a presigned form) and through the photo check's service.
type actSeeder struct {
	env     *fn.Env
	svc     *acts.Service
	checker *acts.Service
	manager auth.Caller
	// photos and bucket reach the photos bucket, to restore lost demo photos.
	photos *blobstore.Store
	bucket *s3.Client
}

// seedActs gives each demo centre its acts, so a manager's first sign-in
// finds a review queue and a centre its act list. A centre that already has
// acts is left alone: a persisted local table is seeded once.
func seedActs(ctx context.Context, env *fn.Env, dir *identity.Directory) error {
	svc, _, err := actsfn.Service(env)
	if err != nil {
		return err
	}
	// The photo check's own service: an upload is attached exactly as
	// PhotoCheckFunction attaches it. The event moto queues for the same
	// object later finds it attached and changes nothing.
	checker, _, err := actsfn.Checking(env, imagecheck.Sound)
	if err != nil {
		return err
	}
	manager, err := demoCaller(ctx, dir, "manager")
	if err != nil {
		return err
	}
	bucket := blobstore.NewClient(env.AWS, env.Config.S3PathStyle)
	s := actSeeder{env: env, svc: svc, checker: checker, manager: manager,
		photos: blobstore.New(bucket, env.Config.PhotosBucket), bucket: bucket}
	for _, c := range []struct {
		login string
		list  []demoAct
	}{{"sc-north", demoNorthActs}, {"sc-south", demoSouthActs}} {
		centre, err := demoCaller(ctx, dir, c.login)
		if err != nil {
			return err
		}
		if err := s.centre(ctx, centre, c.list); err != nil {
			return fmt.Errorf("seed the demo acts of %s: %w", c.login, err)
		}
	}
	return nil
}

// demoCaller is the demo account login acting, as its session would.
func demoCaller(ctx context.Context, dir *identity.Directory, login string) (auth.Caller, error) {
	u, found, err := dir.FindUser(ctx, login)
	switch {
	case err != nil:
		return auth.Caller{}, fmt.Errorf("look up demo user %s: %w", login, err)
	case !found:
		return auth.Caller{}, fmt.Errorf("demo user %s is missing", login)
	}
	return u.Caller(""), nil
}

// centre files list as centre, unless the centre has acts already; then
// it puts back the demo photos the emulator lost.
func (s actSeeder) centre(ctx context.Context, centre auth.Caller, list []demoAct) error {
	var existing []acts.Listed
	for r := (acts.ListRequest{Limit: 100}); ; {
		page, next, err := s.svc.List(ctx, centre, r)
		if err != nil {
			return err
		}
		existing = append(existing, page...)
		if next == "" {
			break
		}
		r.Cursor = next
	}
	if len(existing) > 0 {
		return s.restorePhotos(ctx, centre, existing, list)
	}
	today := s.env.Now().In(s.env.Config.Location)
	for _, d := range list {
		if err := s.file(ctx, centre, d.stage, d.fields(today), d.manager); err != nil {
			return err
		}
	}
	return nil
}

// file creates one act and takes it to stage: the photos its submission
// requires, the submission, then the manager's decision or question.
func (s actSeeder) file(ctx context.Context, centre auth.Caller, stage demoStage, f acts.Fields, words string) error {
	a, refused, err := s.svc.Create(ctx, centre, f)
	if err != nil {
		return err
	}
	if len(refused) > 0 {
		return fmt.Errorf("demo act %s: fields refused: %+v", deref(f.Article), refused)
	}
	if stage == stageDraft {
		return nil
	}
	_, required := acts.ValidateSubmit(a.Fields, nil, acts.DateOf(s.env.Now().In(s.env.Config.Location)))
	for _, kind := range required {
		if err := s.attach(ctx, centre, a, kind); err != nil {
			return err
		}
	}
	if a, err = s.svc.Do(ctx, centre, a.ID, acts.Move{Action: acts.ActionSubmit, Version: a.Version}); err != nil {
		return fmt.Errorf("submit demo act %s: %w", deref(f.Article), err)
	}
	if a.Status != acts.StatusSubmitted {
		return fmt.Errorf("demo act %s is %s after submission: its photos were not accepted", a.Number, a.Status)
	}
	decision := map[demoStage]acts.Action{stageApproved: acts.ActionApprove, stageInfoRequested: acts.ActionRequestInfo}[stage]
	if decision == "" {
		return nil
	}
	if _, err := s.svc.Do(ctx, s.manager, a.ID, acts.Move{Action: decision, Version: a.Version, Reason: words}); err != nil {
		return fmt.Errorf("%s demo act %s: %w", decision, a.Number, err)
	}
	return nil
}

// attach uploads a photo of kind to act a as the centre's browser does —
// an upload form, then the bytes posted to storage with it — and has the
// photo check decide about it.
func (s actSeeder) attach(ctx context.Context, centre auth.Caller, a acts.Act, kind acts.FileKind) error {
	name, body, err := demoPhoto(kind, a.Fields)
	if err != nil {
		return err
	}
	file, form, err := s.svc.StartUpload(ctx, centre, a.ID, acts.UploadRequest{Kind: kind, ContentType: acts.TypeJPEG, Size: int64(len(body)), Name: name})
	if err != nil {
		return fmt.Errorf("start the upload of %s: %w", name, err)
	}
	if err := postUpload(ctx, form, name, body); err != nil {
		return err
	}
	return s.checker.CheckUpload(ctx, acts.FileKey(a.ID, file.ID))
}

// restorePhotos puts a demo photo back where a demo act's attached file
// says it is when the object is gone: DynamoDB Local keeps the table in
// .local/ddb-data across restarts, moto keeps its buckets in memory only,
// so after a restart the act page would link to nothing. The demo acts are
// the centre's acts with a demo act's internal number; the photo is drawn
// again from the act's fields, as it was at the upload.
func (s actSeeder) restorePhotos(ctx context.Context, centre auth.Caller, existing []acts.Listed, list []demoAct) error {
	demo := map[string]bool{}
	for _, d := range list {
		demo[deref(d.fields(time.Time{}).InternalNumber)] = true
	}
	for _, a := range existing {
		if !demo[deref(a.InternalNumber)] {
			continue
		}
		rec, err := s.svc.Get(ctx, centre, a.ID)
		if err != nil {
			return err
		}
		for _, f := range rec.Files {
			// Only the demo's own photos: a file attached by hand is not
			// the demo's to redraw.
			card, drawn := demoPhotoCards[f.Kind]
			if f.Status != acts.FileAttached || !drawn || f.Name != card.name || f.ContentType != acts.TypeJPEG {
				continue
			}
			_, err := s.photos.Head(ctx, f.StoredKey())
			switch {
			case err == nil:
				continue
			case !errors.Is(err, auth.ErrNotFound):
				return err
			}
			_, body, err := demoPhoto(f.Kind, rec.Act.Fields)
			if err != nil {
				return err
			}
			if _, err := s.bucket.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.photos.Bucket()), Key: aws.String(f.StoredKey()),
				Body: bytes.NewReader(body), ContentType: aws.String(acts.TypeJPEG)}); err != nil {
				return fmt.Errorf("restore the demo photo %s: %w", f.StoredKey(), err)
			}
		}
	}
	return nil
}
