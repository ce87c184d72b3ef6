-- Marketplace state: the catalog (category translations, products), sellers, and the
-- stock levels sellers report through the API.
CREATE TABLE category_translation (
    category_name         text PRIMARY KEY,
    category_name_english text NOT NULL,
    source_file           text NOT NULL,
    source_row            int NOT NULL,
    load_id               text NOT NULL
);

-- category_name is Olist's, as the file gives it (NULL: none); the catalog names it.
CREATE TABLE product (
    product_id         text PRIMARY KEY,
    category_name      text,
    name_length        int CHECK (name_length >= 0),
    description_length int CHECK (description_length >= 0),
    photos_qty         int CHECK (photos_qty >= 0),
    weight_g           int CHECK (weight_g >= 0),
    length_cm          int CHECK (length_cm >= 0),
    height_cm          int CHECK (height_cm >= 0),
    width_cm           int CHECK (width_cm >= 0),
    source_file        text NOT NULL,
    source_row         int NOT NULL,
    load_id            text NOT NULL
);
CREATE INDEX product_category ON product (category_name);

CREATE TABLE seller (
    seller_id       text PRIMARY KEY,
    zip_code_prefix char(5) NOT NULL,
    city            text NOT NULL,
    state           char(2) NOT NULL,
    source_file     text NOT NULL,
    source_row      int NOT NULL,
    load_id         text NOT NULL
);

-- The latest stock level each seller reported for a product (Olist's files have none).
CREATE TABLE stock_level (
    product_id  text NOT NULL REFERENCES product (product_id),
    seller_id   text NOT NULL,
    quantity    int NOT NULL CHECK (quantity >= 0),
    reported_at timestamp NOT NULL,  -- Brasília local time, like every Olist time
    PRIMARY KEY (product_id, seller_id)
);
