-- Meizhou (GB/T 2260) and its 8 counties with resident population at year-end 2022, in persons
-- (梅州市 2022 年统计公报). The bulletin gives 平远县 and 蕉岭县 only together (36.74 万); the split
-- 19.00 万 / 17.74 万 is an estimate until a city admin enters the official figures.
INSERT INTO registry_regions (code, name, level, parent_code, sort_order) VALUES
  ('441400', '梅州市', 'city', NULL, 0),
  ('441402', '梅江区', 'county', '441400', 1),
  ('441403', '梅县区', 'county', '441400', 2),
  ('441422', '大埔县', 'county', '441400', 3),
  ('441423', '丰顺县', 'county', '441400', 4),
  ('441424', '五华县', 'county', '441400', 5),
  ('441426', '平远县', 'county', '441400', 6),
  ('441427', '蕉岭县', 'county', '441400', 7),
  ('441481', '兴宁市', 'county', '441400', 8);

INSERT INTO registry_region_populations (region_code, year, population, note, updated_at, updated_by) VALUES
  ('441402', 2022, 437800, '梅州市2022年统计公报', 1672502400, NULL),
  ('441403', 2022, 555100, '梅州市2022年统计公报', 1672502400, NULL),
  ('441422', 2022, 323000, '梅州市2022年统计公报', 1672502400, NULL),
  ('441423', 2022, 480000, '梅州市2022年统计公报', 1672502400, NULL),
  ('441424', 2022, 924400, '梅州市2022年统计公报', 1672502400, NULL),
  ('441426', 2022, 190000, '估算：公报仅给出平远县与蕉岭县合计36.74万', 1672502400, NULL),
  ('441427', 2022, 177400, '估算：公报仅给出平远县与蕉岭县合计36.74万', 1672502400, NULL),
  ('441481', 2022, 770300, '梅州市2022年统计公报', 1672502400, NULL);
