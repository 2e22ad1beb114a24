public import Foundation

/// Goods, people and places for synthetic batches: realistic enough that every rule sees the
/// shapes real platforms send (Chinese names and addresses, several lines per order, bonded and
/// direct goods with their HS codes and legal units).
public enum Catalogue {
    public struct Product: Sendable {
        public var sku: String
        public var name: String
        public var spec: String
        public var unit: String
        public var origin: String
        public var hsCode: String
        public var legalUnit: String
        /// Legal quantity (kg or pieces) per unit sold.
        public var legalPerUnit: Decimal
        public var secondUnit: String?
        public var price: Decimal
        /// Gross kilograms per unit sold.
        public var weight: Decimal
        public var itemRecordNo: String
        public var vat: Decimal
        public var consumption: Decimal
    }

    static func d(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0 }

    public static let products: [Product] = [
        Product(
            sku: "AU-MILK-900", name: "婴儿配方奶粉", spec: "爱他美 3段 900克/罐", unit: "122", origin: "601", hsCode: "1901101000", legalUnit: "035",
            legalPerUnit: d("0.9"), price: d("239"), weight: d("1.25"), itemRecordNo: "1001", vat: d("0.13"), consumption: 0),
        Product(
            sku: "US-VC-60", name: "维生素C咀嚼片", spec: "60片/瓶 柑橘味", unit: "142", origin: "502", hsCode: "2106909090", legalUnit: "035",
            legalPerUnit: d("0.12"), price: d("129"), weight: d("0.2"), itemRecordNo: "1002", vat: d("0.13"), consumption: 0),
        Product(
            sku: "JP-CREAM-50", name: "保湿面霜", spec: "50毫升/瓶 滋润型", unit: "142", origin: "116", hsCode: "3304990099", legalUnit: "035",
            legalPerUnit: d("0.08"), price: d("380"), weight: d("0.25"), itemRecordNo: "1003", vat: d("0.13"), consumption: 0),
        Product(
            sku: "JP-SHAMPOO-400", name: "洗发水", spec: "400毫升/瓶 无硅油", unit: "142", origin: "116", hsCode: "3305100090", legalUnit: "035",
            legalPerUnit: d("0.45"), price: d("89"), weight: d("0.55"), itemRecordNo: "1004", vat: d("0.13"), consumption: 0),
        Product(
            sku: "NZ-HONEY-500", name: "麦卢卡蜂蜜", spec: "UMF10+ 500克/瓶", unit: "142", origin: "609", hsCode: "0409000000", legalUnit: "035",
            legalPerUnit: d("0.5"), price: d("268"), weight: d("0.8"), itemRecordNo: "1005", vat: d("0.09"), consumption: 0),
        Product(
            sku: "JP-DIAPER-L54", name: "婴儿纸尿裤", spec: "L码 54片/包", unit: "125", origin: "116", hsCode: "9619001100", legalUnit: "035",
            legalPerUnit: d("1.4"), price: d("109"), weight: d("1.6"), itemRecordNo: "1006", vat: d("0.13"), consumption: 0),
        Product(
            sku: "DE-BRUSH-01", name: "电动牙刷", spec: "声波式 充电款", unit: "001", origin: "304", hsCode: "8509809000", legalUnit: "001",
            legalPerUnit: 1, secondUnit: "035", price: d("499"), weight: d("0.6"), itemRecordNo: "1007", vat: d("0.13"), consumption: 0),
        Product(
            sku: "KR-MASK-10", name: "补水面膜", spec: "10片/盒", unit: "140", origin: "133", hsCode: "3304990099", legalUnit: "035",
            legalPerUnit: d("0.3"), price: d("99"), weight: d("0.35"), itemRecordNo: "1008", vat: d("0.13"), consumption: 0),
        Product(
            sku: "GB-TEA-100", name: "英式红茶", spec: "100袋/盒", unit: "140", origin: "303", hsCode: "0902301000", legalUnit: "035",
            legalPerUnit: d("0.2"), price: d("79.9"), weight: d("0.3"), itemRecordNo: "1009", vat: d("0.09"), consumption: 0),
    ]

    static let surnames = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许",
        "韩", "冯", "邓", "曹", "欧阳", "司马",
    ]
    static let givenNames = [
        "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "晓东", "子涵",
        "欣怡", "梓轩", "一诺", "浩然", "雨桐", "思远", "佳怡",
    ]

    struct Region {
        var code: String
        var province: String
        var city: String
        var district: String
        var streets: [String]
    }

    static let regions: [Region] = [
        Region(code: "110105", province: "北京市", city: "北京市", district: "朝阳区", streets: ["建国路", "朝阳北路", "望京街", "酒仙桥路"]),
        Region(code: "310104", province: "上海市", city: "上海市", district: "徐汇区", streets: ["漕溪北路", "肇嘉浜路", "天钥桥路", "宜山路"]),
        Region(code: "330106", province: "浙江省", city: "杭州市", district: "西湖区", streets: ["文三路", "天目山路", "古墩路", "学院路"]),
        Region(code: "440305", province: "广东省", city: "深圳市", district: "南山区", streets: ["科技园路", "深南大道", "南海大道", "后海大道"]),
        Region(code: "510107", province: "四川省", city: "成都市", district: "武侯区", streets: ["人民南路", "科华北路", "一环路南一段", "武侯祠大街"]),
        Region(code: "320102", province: "江苏省", city: "南京市", district: "玄武区", streets: ["中山路", "珠江路", "北京东路", "龙蟠路"]),
        Region(code: "420106", province: "湖北省", city: "武汉市", district: "武昌区", streets: ["中南路", "中北路", "武珞路", "徐东大街"]),
        Region(code: "610113", province: "陕西省", city: "西安市", district: "雁塔区", streets: ["小寨东路", "长安南路", "科技路", "高新路"]),
        Region(code: "370102", province: "山东省", city: "济南市", district: "历下区", streets: ["泉城路", "经十路", "历山路", "山大路"]),
        Region(code: "350203", province: "福建省", city: "厦门市", district: "思明区", streets: ["厦禾路", "湖滨南路", "鹭江道", "莲前西路"]),
    ]
}
