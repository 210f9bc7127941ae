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

// demoAct is one warranty act of the demo: the centre that filed it (its
// demo login), what it filled in on the filing day, how far the act went
// and the manager's words with the decision or the question.
type demoAct struct {
	centre string
	stage  demoStage
	// filed and decided are how many days ago the centre submitted the act
	// and the manager answered it, so the lists show how long each waited.
	filed, decided int
	fields         func(filingDay time.Time) acts.Fields
	manager        string
}

// day is the calendar day daysBefore t.
func day(t time.Time, daysBefore int) *acts.Date {
	return new(acts.DateOf(t.AddDate(0, 0, -daysBefore)))
}

// demoActs are СЦ «Север»'s acts, one at each step of the main flow, and
// СЦ «Юг»'s pre-sale act (предторг), which goes to the top of the managers'
// queue and needs no receipt; worded as the wholesaler's instructions (seed
// 000) fill the form in. The oldest are filed first, so the act numbers
// follow the submissions.
var demoActs = []demoAct{
	{centre: "sc-north", stage: stageApproved, filed: 6, decided: 4, manager: "Гарантия подтверждена. Карбюратор и прокладки отправим с еженедельной отгрузкой, свечу компенсируем.",
		fields: func(filed time.Time) acts.Fields {
			return acts.Fields{
				Category: new("Бензиновая газонокосилка на колесах"), Article: new("ЭГК-1500 Энергопром"), SerialNumber: new("01.234.10518"),
				Complaint: new("Не работает"), Appearance: new(acts.AppearanceUsed),
				SaleDate: day(filed, 120), AcceptedDate: day(filed, 10), Completeness: new(acts.CompletenessPartial), WarrantyCard: new(true),
				InternalNumber: new("С-0409"), Mechanic: new("Иванов Иван"),
				Diagnosis:  new("Топливо подтекает по трещине корпуса карбюратора (дефект литья), двигатель не запускается"),
				Conclusion: new("Гарантийный случай, нужна замена карбюратора"), WarrantyCase: new(true),
				Parts: []acts.Part{{Name: "Карбюратор", SchemeNumber: "14", Quantity: 1}, {Name: "Прокладка карбюратора", SchemeNumber: "15", Quantity: 2},
					{Name: "Свеча зажигания", Quantity: 1, OwnPart: true, Price: 25000}},
				CustomerName: new("Орлов Павел Сергеевич"), CustomerPhone: new("+7 911 555-23-41"),
				SellerOrganization: new("ООО Планета радости"), Complexity: new(2), ProductState: new(acts.ProductLeftAtServiceCenter),
			}
		}},
	{centre: "sc-north", stage: stageInfoRequested, filed: 5, decided: 1,
		manager: "Серийный номер на фото шильдика не читается — пришлите, пожалуйста, фото шильдика крупнее и фото платы регулятора с обеих сторон.",
		fields: func(filed time.Time) acts.Fields {
			return acts.Fields{
				Category: new("Генератор бензиновый"), Article: new("БГ-3000 Энергопром"), SerialNumber: new("BG3000-25-0108"),
				Complaint: new("Не держит напряжение под нагрузкой"), Appearance: new(acts.AppearanceUsed),
				SaleDate: day(filed, 210), AcceptedDate: day(filed, 4), Completeness: new(acts.CompletenessFull), WarrantyCard: new(true),
				InternalNumber: new("С-0413"), Mechanic: new("Кузнецов Андрей"),
				Diagnosis:  new("Вышел из строя автоматический регулятор напряжения: под нагрузкой 1 кВт напряжение падает до 160 В"),
				Conclusion: new("Гарантийный случай, нужна замена регулятора напряжения"), WarrantyCase: new(true),
				Parts:        []acts.Part{{Name: "Регулятор напряжения AVR", Quantity: 1}},
				CustomerName: new("Соколова Марина Андреевна"), CustomerPhone: new("+7 931 200-45-67"),
				SellerOrganization: new("ИП Громов А. В."), Complexity: new(2), ProductState: new(acts.ProductLeftAtServiceCenter),
			}
		}},
	{centre: "sc-north", stage: stageSubmitted, filed: 4, fields: func(filed time.Time) acts.Fields {
		return acts.Fields{
			Category: new("Бензопила"), Article: new("БП-4518 Энергопром"), SerialNumber: new("BP4518-24-0917"),
			Complaint: new("Не заводится"), Appearance: new(acts.AppearanceUsed),
			SaleDate: day(filed, 150), AcceptedDate: day(filed, 3), Completeness: new(acts.CompletenessFull), WarrantyCard: new(true),
			InternalNumber: new("С-0415"), Mechanic: new("Кузнецов Андрей"),
			Diagnosis:  new("Нет искры: пробой изоляции катушки зажигания (заводской дефект), свеча и зазор в норме"),
			Conclusion: new("Гарантийный случай. Для ремонта нужна катушка зажигания"), WarrantyCase: new(true),
			Parts:        []acts.Part{{Name: "Катушка зажигания", SchemeNumber: "27", Quantity: 1}},
			CustomerName: new("Волков Дмитрий Игоревич"), CustomerPhone: new("+7 921 345-67-89"),
			SellerOrganization: new("ООО Планета радости"), Complexity: new(1), ProductState: new(acts.ProductLeftAtServiceCenter),
		}
	}},
	{centre: "sc-south", stage: stageSubmitted, filed: 1, fields: func(filed time.Time) acts.Fields {
		return acts.Fields{
			Category: new("Мотоблок"), Article: new("МБ-7 Энергопром"), SerialNumber: new("MB7-2025-204"),
			Complaint: new("Течёт масло из-под крышки редуктора"), Appearance: new(acts.AppearancePreSale),
			SaleDate: day(filed, 20), AcceptedDate: day(filed, 2), Completeness: new(acts.CompletenessFull), WarrantyCard: new(false),
			InternalNumber: new("Ю-118"), Mechanic: new("Ткаченко Олег"),
			Diagnosis:  new("Течь масла по прокладке крышки редуктора: прокладка пережата при сборке"),
			Conclusion: new("Гарантийный случай (предторг), нужна замена прокладки крышки редуктора"), WarrantyCase: new(true),
			Parts:        []acts.Part{{Name: "Прокладка крышки редуктора", Quantity: 1}},
			CustomerName: new("ООО «Агроснаб»"), CustomerPhone: new("8 (918) 123-45-67"),
			SellerOrganization: new("ООО «Агроснаб»"), Complexity: new(1), ProductState: new(acts.ProductReturnedToSeller),
		}
	}},
	{centre: "sc-north", stage: stageDraft, fields: func(filed time.Time) acts.Fields {
		return acts.Fields{
			Category: new("Триммер бензиновый"), Article: new("ТБ-43 Энергопром"), SerialNumber: new("TB43-2025-0311"),
			Complaint: new("Не набирает обороты, глохнет при нажатии на газ"), Appearance: new(acts.AppearanceUsed),
			SaleDate: day(filed, 62), AcceptedDate: day(filed, 1), Completeness: new(acts.CompletenessFull), WarrantyCard: new(true),
			InternalNumber: new("С-0417"), Mechanic: new("Иванов Иван"),
			CustomerName: new("Смирнова Ольга Викторовна"), CustomerPhone: new("+7 911 234-56-78"),
		}
	}},
}

// actSeeder files demo acts as their centres and decides them as the demo
// manager, through the acts service the acts API builds; photos go the
// browser's way (a presigned form) and through the photo check's service.
// Both services run on clock, which the seeder sets back to the day each
// step of an act's story happened.
type actSeeder struct {
	clock   *backdated
	svc     *acts.Service
	checker *acts.Service
	manager auth.Caller
	// photos and bucket reach the photos bucket, to restore lost demo photos.
	photos *blobstore.Store
	bucket *s3.Client
}

// backdated is now, days ago.
type backdated struct {
	now  func() time.Time
	days int
}

func (b *backdated) Now() time.Time { return b.now().AddDate(0, 0, -b.days) }

// seedActs gives each demo centre its acts, so a manager's first sign-in
// finds a review queue and a centre its act list. A centre that already has
// acts gets none: a persisted local table is seeded once.
func seedActs(ctx context.Context, env *fn.Env, dir *identity.Directory) error {
	clock := &backdated{now: env.Now}
	past := *env
	past.Clock = clock.Now
	svc, _, err := actsfn.Service(&past)
	if err != nil {
		return err
	}
	// The photo check's own service: an upload is attached exactly as
	// PhotoCheckFunction attaches it. The event moto queues for the same
	// object later finds it attached and changes nothing.
	checker, _, err := actsfn.Checking(&past, imagecheck.Sound)
	if err != nil {
		return err
	}
	manager, err := demoCaller(ctx, dir, "manager")
	if err != nil {
		return err
	}
	bucket := blobstore.NewClient(env.AWS, env.Config.S3PathStyle)
	s := actSeeder{clock: clock, svc: svc, checker: checker, manager: manager,
		photos: blobstore.New(bucket, env.Config.PhotosBucket), bucket: bucket}
	fresh := map[string]auth.Caller{}
	for _, login := range []string{"sc-north", "sc-south"} {
		centre, err := demoCaller(ctx, dir, login)
		if err != nil {
			return err
		}
		existing, err := s.existing(ctx, centre)
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			if err := s.restorePhotos(ctx, centre, existing); err != nil {
				return err
			}
			continue
		}
		fresh[login] = centre
	}
	for _, d := range demoActs {
		if centre, ok := fresh[d.centre]; ok {
			if err := s.file(ctx, centre, d); err != nil {
				return fmt.Errorf("seed the demo acts of %s: %w", d.centre, err)
			}
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

// existing lists every act of centre.
func (s actSeeder) existing(ctx context.Context, centre auth.Caller) ([]acts.Listed, error) {
	var all []acts.Listed
	for r := (acts.ListRequest{Limit: 100}); ; {
		page, next, err := s.svc.List(ctx, centre, r)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		r.Cursor = next
	}
}

// file creates act d as centre and takes it to its stage: on its filing
// day the photos its submission requires and the submission, on the day
// of the decision the manager's decision or question.
func (s actSeeder) file(ctx context.Context, centre auth.Caller, d demoAct) error {
	s.clock.days = d.filed
	f := d.fields(s.clock.Now())
	a, refused, err := s.svc.Create(ctx, centre, f)
	if err != nil {
		return err
	}
	if len(refused) > 0 {
		return fmt.Errorf("demo act %s: fields refused: %+v", deref(f.Article), refused)
	}
	if d.stage == stageDraft {
		return nil
	}
	_, required := acts.ValidateSubmit(a.Fields, nil, acts.DateOf(s.clock.Now()))
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
	decision := map[demoStage]acts.Action{stageApproved: acts.ActionApprove, stageInfoRequested: acts.ActionRequestInfo}[d.stage]
	if decision == "" {
		return nil
	}
	s.clock.days = d.decided
	if _, err := s.svc.Do(ctx, s.manager, a.ID, acts.Move{Action: decision, Version: a.Version, Reason: d.manager}); err != nil {
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
func (s actSeeder) restorePhotos(ctx context.Context, centre auth.Caller, existing []acts.Listed) error {
	demo := map[string]bool{}
	for _, d := range demoActs {
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
