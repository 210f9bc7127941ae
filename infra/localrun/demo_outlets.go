package localrun

import (
	"fmt"

	"aftersales/shared/imports"
)

// demoOutlet is one row of «Восток»'s first outlet load.
type demoOutlet struct {
	name, legal string
	// region is the INN's region code (54 Новосибирская область, 70 Томская,
	// 22 Алтайский край, 42 Кузбасс).
	region              int
	city, area, address string
	lat, lon            float64
	subtype, channel    string
	inactive            bool
	// rdc is the number of the outlet's warehouse (1 VOS-RC1, 2 VOS-RC2),
	// 0 for none; share its part of that warehouse's deliveries, 0 for none.
	rdc                  int
	share                float64
	noCoordinates, noINN bool
}

const (
	nso   = "Новосибирская область"
	tomsk = "Томская область"
	altai = "Алтайский край"
	kuzb  = "Кемеровская область — Кузбасс"
)

// demoOutlets are the outlets of Дистрибьютор «Восток» (Новосибирск):
// shops of garden machinery across Siberia, two warehouses (РЦ) that
// deliver to them — the Барнаул one by shares — a market kiosk, a rental
// point and a shop that has closed. They are numbered from 1 in their codes
// (VOS-001…); the two warehouses are VOS-RC1 and VOS-RC2.
var demoOutlets = []demoOutlet{
	{name: "Склад «Восток» Новосибирск", legal: "ООО «Восток-Дистрибуция»", region: 54, city: "Новосибирск", area: nso, address: "ул. Станционная, 30а", lat: 54.9897, lon: 82.8312, subtype: "РЦ", channel: "Склад"},
	{name: "Склад «Восток» Барнаул", legal: "ООО «Восток-Дистрибуция»", region: 22, city: "Барнаул", area: altai, address: "ул. Попова, 181", lat: 53.3461, lon: 83.6618, subtype: "РЦ", channel: "Склад"},
	{name: "Садовод на Красном", legal: "ООО «Садовод»", region: 54, city: "Новосибирск", area: nso, address: "Красный проспект, 157", lat: 55.0677, lon: 82.9226, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Дачный сезон", legal: "ИП Лаптева Н. С.", region: 54, city: "Новосибирск", area: nso, address: "ул. Богдана Хмельницкого, 30", lat: 55.0853, lon: 82.9416, subtype: "ТТ", channel: "Розница", rdc: 1, noINN: true},
	{name: "Мир инструмента", legal: "ООО «Мир инструмента»", region: 54, city: "Новосибирск", area: nso, address: "ул. Фрунзе, 238", lat: 55.0428, lon: 82.9653, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Хозяин", legal: "ООО «Хозяин-НСК»", region: 54, city: "Новосибирск", area: nso, address: "ул. Станиславского, 4", lat: 54.9811, lon: 82.8739, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Агроцентр на Бердском шоссе", legal: "ООО «Агроцентр»", region: 54, city: "Новосибирск", area: nso, address: "Бердское шоссе, 61", lat: 54.9486, lon: 83.0717, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Строймаркет Левобережный", legal: "ООО «Строймаркет»", region: 54, city: "Новосибирск", area: nso, address: "ул. Титова, 253", lat: 54.9762, lon: 82.8206, subtype: "ТТ", channel: "Сеть", rdc: 1},
	{name: "Инструмент и сад", legal: "ООО «Инструмент и сад»", region: 54, city: "Новосибирск", area: nso, address: "ул. Петухова, 69", lat: 54.9453, lon: 82.8951, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Запчасти для садовой техники", legal: "ИП Гусев Р. А.", region: 54, city: "Новосибирск", area: nso, address: "Хилокский рынок, павильон 12", subtype: "Киоск", channel: "Рынок", rdc: 1, noCoordinates: true, noINN: true},
	{name: "Мотомир", legal: "ООО «Мотомир»", region: 54, city: "Новосибирск", area: nso, address: "ул. Большевистская, 131", lat: 55.0118, lon: 82.9675, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Дачник в Академгородке", legal: "ООО «Дачник»", region: 54, city: "Новосибирск", area: nso, address: "Морской проспект, 40", lat: 54.8372, lon: 83.1067, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Прокат садовой техники", legal: "ООО «Прокат-Сибирь»", region: 54, city: "Новосибирск", area: nso, address: "ул. Кирова, 86", lat: 55.0263, lon: 82.9470, subtype: "Другое", channel: "Прокат"},
	{name: "Садовый центр Бердск", legal: "ООО «Садовый центр»", region: 54, city: "Бердск", area: nso, address: "ул. Ленина, 89", lat: 54.7588, lon: 83.1047, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Хозтовары на Свердлова", legal: "ИП Мартынов О. В.", region: 54, city: "Бердск", area: nso, address: "ул. Свердлова, 12", lat: 54.7665, lon: 83.0941, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Агросад", legal: "ООО «Агросад»", region: 54, city: "Искитим", area: nso, address: "ул. Пушкина, 45", lat: 54.6386, lon: 83.3056, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Всё для дачи", legal: "ООО «Всё для дачи»", region: 54, city: "Обь", area: nso, address: "ул. Геодезическая, 14", lat: 54.9945, lon: 82.6937, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Хозяюшка", legal: "ИП Корнилова Т. Е.", region: 54, city: "Колывань", area: nso, address: "ул. Советская, 33", lat: 55.3075, lon: 82.7390, subtype: "ТТ", channel: "Розница", inactive: true},
	{name: "Сельхозтехника", legal: "ООО «Сельхозтехника Тогучин»", region: 54, city: "Тогучин", area: nso, address: "ул. Садовая, 7", lat: 55.2353, lon: 84.3867, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Мастер", legal: "ООО «Мастер»", region: 54, city: "Черепаново", area: nso, address: "ул. Кирова, 20", lat: 54.2236, lon: 83.3722, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Агромаркет", legal: "ООО «Агромаркет»", region: 54, city: "Куйбышев", area: nso, address: "ул. Краскома, 15", lat: 55.4465, lon: 78.3208, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Дом и сад", legal: "ООО «Дом и сад»", region: 54, city: "Барабинск", area: nso, address: "ул. Ульяновская, 70", lat: 55.3531, lon: 78.3467, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Техника для дачи", legal: "ИП Шевченко А. П.", region: 54, city: "Карасук", area: nso, address: "ул. Ленина, 52", lat: 53.7343, lon: 78.0420, subtype: "ТТ", channel: "Розница", rdc: 1},
	{name: "Садовая техника на Ленина", legal: "ООО «Садовая техника»", region: 70, city: "Томск", area: tomsk, address: "проспект Ленина, 217", lat: 56.5008, lon: 84.9494, subtype: "ТТ", channel: "Розница"},
	{name: "Мотоблоки Томск", legal: "ООО «Мотоблоки»", region: 70, city: "Томск", area: tomsk, address: "Иркутский тракт, 86", lat: 56.4913, lon: 85.0289, subtype: "ТТ", channel: "Розница"},
	{name: "Алтайский садовод", legal: "ООО «Алтайский садовод»", region: 22, city: "Барнаул", area: altai, address: "проспект Ленина, 102", lat: 53.3617, lon: 83.7480, subtype: "ТТ", channel: "Розница", rdc: 2, share: 0.4},
	{name: "Хозмаг на Павловском", legal: "ИП Пономарёв С. И.", region: 22, city: "Барнаул", area: altai, address: "Павловский тракт, 188", lat: 53.3476, lon: 83.6645, subtype: "ТТ", channel: "Розница", rdc: 2, share: 0.3},
	{name: "Агроснаб Алтай", legal: "ООО «Агроснаб Алтай»", region: 22, city: "Барнаул", area: altai, address: "ул. Малахова, 46", lat: 53.3532, lon: 83.7132, subtype: "ТТ", channel: "Опт", rdc: 2, share: 0.2},
	{name: "Дачный мир", legal: "ООО «Дачный мир»", region: 22, city: "Бийск", area: altai, address: "ул. Советская, 201", lat: 52.5393, lon: 85.2138, subtype: "ТТ", channel: "Розница", rdc: 2, share: 0.1},
	{name: "Кузбасс-Сад", legal: "ООО «Кузбасс-Сад»", region: 42, city: "Кемерово", area: kuzb, address: "Октябрьский проспект, 53", lat: 55.3541, lon: 86.0857, subtype: "ТТ", channel: "Розница"},
	{name: "Инструмент-НК", legal: "ООО «Инструмент-НК»", region: 42, city: "Новокузнецк", area: kuzb, address: "ул. Кирова, 107", lat: 53.7596, lon: 87.1216, subtype: "ТТ", channel: "Розница"},
}

// demoOutletCode is the code of the outlet at i in demoOutlets.
func demoOutletCode(i int) string {
	if i < 2 {
		return fmt.Sprintf("VOS-RC%d", i+1)
	}
	return fmt.Sprintf("VOS-%03d", i-1)
}

// demoOutletsFile and demoRoutesFile are the names of «Восток»'s loads.
const (
	demoOutletsFile = "Outlets_Восток.xlsx"
	demoRoutesFile  = "Routes_Восток.xlsx"
)

// outletsLoad is «Восток»'s first outlet load, on the key users' template.
func outletsLoad() demoLoad {
	rows := make([][]any, len(demoOutlets))
	for i, o := range demoOutlets {
		row := []any{demoOutletCode(i), o.name, o.legal, nil, o.address, o.city, o.area, nil, nil, o.subtype, o.channel, "Активна", nil, nil,
			fmt.Sprintf("В-%04d", 1000+i)}
		if !o.noINN {
			row[3] = demoINN(o.region, i)
		}
		if !o.noCoordinates {
			row[7], row[8] = o.lat, o.lon
		}
		if o.inactive {
			row[11] = "Неактивна"
		}
		if o.rdc > 0 {
			row[12] = demoOutletCode(o.rdc - 1)
		}
		if o.share > 0 {
			row[13] = o.share
		}
		rows[i] = row
	}
	return demoLoad{procedure: imports.OutletsFirstLoad, fileName: demoOutletsFile, sheet: "Торговые точки",
		header: imports.OutletTemplate(), rows: rows}
}

// demoINN is a valid organisation INN (10 digits, its check digit last)
// of region, different for each n.
func demoINN(region, n int) string {
	body := fmt.Sprintf("%02d%02d%05d", region, 1+n%60, 10007+n*379)
	sum := 0
	for i, w := range []int{2, 4, 10, 3, 5, 9, 4, 6, 8} {
		sum += w * int(body[i]-'0')
	}
	return body + fmt.Sprint(sum%11%10)
}

// demoRoutes are «Восток»'s sales agents' weekly rounds: each visits the
// outlets at these indexes of demoOutlets, in this order, on its days.
var demoRoutes = []struct {
	code, territory, agent, days, frequency string
	outlets                                 []int
}{
	{"VOS-M01", "NSK-CENTR", "Андрей Ковалёв", "Пн,Чт", "еженедельно", []int{2, 3, 4, 5, 10}},
	{"VOS-M02", "NSK-LEVOBER", "Ирина Белова", "Вт,Пт", "еженедельно", []int{6, 7, 8, 9, 11}},
	{"VOS-M03", "NSO-YUG", "Павел Кротов", "Ср", "раз в 2 недели", []int{13, 14, 15, 16, 19}},
	{"VOS-M04", "ALTAI", "Олег Зуев", "Пн-Ср", "ежемесячно", []int{25, 26, 27, 28}},
}

// routesLoad is «Восток»'s route load, on the key users' template; every
// stop is an active outlet of outletsLoad, which must be loaded first.
func routesLoad() demoLoad {
	var rows [][]any
	for _, r := range demoRoutes {
		for order, i := range r.outlets {
			rows = append(rows, []any{r.code, r.territory, r.agent, demoOutletCode(i), r.days, r.frequency, nil, order + 1})
		}
	}
	return demoLoad{procedure: imports.Routes, fileName: demoRoutesFile, sheet: "Маршруты", header: imports.RouteTemplate(), rows: rows}
}
